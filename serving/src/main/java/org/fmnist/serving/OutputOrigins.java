package org.fmnist.serving;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Which operation computes a signature output, read from the MetaGraph: followed through Identity
 * ops and into the functions that TF2 and Keras SavedModels call ({@code StatefulPartitionedCall}),
 * so that a Keras model's Softmax head is seen as one.
 */
final class OutputOrigins {
  private static final int MAX_DEPTH = 200;
  private static final List<String> PASS_THROUGH = List.of("Identity", "Snapshot", "StopGradient", "PreventGradient");
  private static final List<String> CALLS = List.of("PartitionedCall", "StatefulPartitionedCall");

  private final Map<String, NodeDef> graphNodes = new HashMap<>();
  private final Map<String, FunctionDef> functions = new HashMap<>();

  OutputOrigins(MetaGraphDef meta) {
    GraphDef graph = meta.getGraphDef();
    graph.getNodeList().forEach(node -> graphNodes.put(node.getName(), node));
    graph.getLibrary().getFunctionList().forEach(f -> functions.put(f.getSignature().getName(), f));
  }

  /** The type of the operation producing {@code tensorName} ("node:0"), or "" when it cannot be told. */
  String operationType(String tensorName) {
    return trace(graphNodes, tensorName, 0);
  }

  /**
   * Follows a tensor reference: "node:index" in the graph, "node:output_arg:index" or an input
   * argument's name inside a function (whose nodes are {@code nodes}).
   */
  private String trace(Map<String, NodeDef> nodes, String reference, int depth) {
    if (depth > MAX_DEPTH) {
      return "";
    }
    String[] parts = reference.split(":");
    NodeDef node = nodes.get(parts[0]);
    if (node == null) {
      return ""; // a function argument, or a name this reader does not know
    }
    int index = parts.length == 1 ? 0 : parseIndex(parts[parts.length - 1]);
    String op = node.getOp();
    if (PASS_THROUGH.contains(op) && node.getInputCount() > 0) {
      return trace(nodes, node.getInput(0), depth + 1);
    }
    if (op.equals("IdentityN") && index < node.getInputCount()) {
      return trace(nodes, node.getInput(index), depth + 1);
    }
    if (CALLS.contains(op) && node.containsAttr("f")) {
      FunctionDef called = functions.get(node.getAttrOrThrow("f").getFunc().getName());
      if (called == null || index >= called.getSignature().getOutputArgCount()) {
        return "";
      }
      String returned = called.getRetOrDefault(called.getSignature().getOutputArg(index).getName(), "");
      Map<String, NodeDef> inner = new HashMap<>();
      called.getNodeDefList().forEach(n -> inner.put(n.getName(), n));
      return trace(inner, returned, depth + 1);
    }
    return op;
  }

  private static int parseIndex(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
