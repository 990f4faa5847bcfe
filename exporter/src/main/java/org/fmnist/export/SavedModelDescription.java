package org.fmnist.export;

import org.fmnist.errors.ModelFolderException;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** A SavedModel's tag-sets, signatures, variables and ops, read from its files. */
final class SavedModelDescription {
  private SavedModelDescription() {}

  static String of(Path folder) throws IOException {
    SavedModel model;
    Path file = folder.resolve(SavedModelWriter.GRAPH_FILE);
    try (InputStream in = Files.newInputStream(file)) {
      model = SavedModel.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelFolderException(file + " is not a SavedModel: " + e.getMessage());
    }
    StringBuilder out = new StringBuilder("SavedModel: ").append(folder).append('\n');
    for (MetaGraphDef meta : model.getMetaGraphsList()) {
      out.append("\nMetaGraphDef with tag-set: '")
          .append(String.join(", ", meta.getMetaInfoDef().getTagsList()))
          .append("' contains the following SignatureDefs:\n");
      new TreeMap<>(meta.getSignatureDefMap()).forEach((key, signature) -> signature(out, key, signature));
      variables(out, meta, folder);
      ops(out, meta);
    }
    return out.toString();
  }

  private static void signature(StringBuilder out, String key, SignatureDef signature) {
    out.append("\nsignature_def['").append(key).append("']:\n");
    out.append("  The given SavedModel SignatureDef contains the following input(s):\n");
    tensors(out, "inputs", signature.getInputsMap());
    out.append("  The given SavedModel SignatureDef contains the following output(s):\n");
    tensors(out, "outputs", signature.getOutputsMap());
    out.append("  Method name is: ").append(signature.getMethodName()).append('\n');
  }

  private static void tensors(StringBuilder out, String kind, Map<String, TensorInfo> tensors) {
    new TreeMap<>(tensors)
        .forEach(
            (name, info) ->
                out.append("    ").append(kind).append("['").append(name).append("'] tensor_info:\n")
                    .append("        dtype: ").append(info.getDtype()).append('\n')
                    .append("        shape: ").append(shape(info.getTensorShape())).append('\n')
                    .append("        name: ").append(info.getName()).append('\n'));
  }

  private static void variables(StringBuilder out, MetaGraphDef meta, Path folder) throws IOException {
    List<NodeDef> variables =
        meta.getGraphDef().getNodeList().stream()
            .filter(n -> n.getOp().equals("VariableV2") || n.getOp().equals("VarHandleOp"))
            .toList();
    long total = 0;
    StringBuilder rows = new StringBuilder();
    for (NodeDef v : variables) {
      TensorShapeProto shape = v.getAttrOrThrow("shape").getShape();
      long count = shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).reduce(1, (a, b) -> a * b);
      total += count;
      rows.append(String.format(Locale.ROOT, "  %-40s %-9s %-18s %,12d%n",
          v.getName(), v.getAttrOrThrow("dtype").getType(), shape(shape), count));
    }
    out.append(String.format(Locale.ROOT, "%nVariables: %d, %,d values%n", variables.size(), total)).append(rows);
    Path dir = folder.resolve(SavedModelWriter.VARIABLES_DIR);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          out.append(String.format(Locale.ROOT, "  file %s/%s: %,d bytes%n",
              SavedModelWriter.VARIABLES_DIR, f.getFileName(), Files.size(f)));
        }
      }
    } else {
      out.append("  (no variables/ folder)\n");
    }
  }

  private static void ops(StringBuilder out, MetaGraphDef meta) {
    Map<String, Long> types =
        meta.getGraphDef().getNodeList().stream()
            .collect(Collectors.groupingBy(NodeDef::getOp, TreeMap::new, Collectors.counting()));
    out.append(String.format(Locale.ROOT, "%nGraph: %d nodes: ", meta.getGraphDef().getNodeCount()))
        .append(types.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
        .append('\n');
  }

  /** saved_model_cli's form: (-1, 28, 28, 1). */
  private static String shape(TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      return "unknown_rank";
    }
    String dims = shape.getDimList().stream().map(d -> Long.toString(d.getSize())).collect(Collectors.joining(", "));
    return "(" + dims + ")";
  }
}
