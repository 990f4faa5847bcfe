package org.fmnist.export;

import org.fmnist.errors.ModelFolderException;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.fmnist.export.onnx.proto.Onnx;

/** An ONNX file's versions, producer, typed inputs and outputs, operators and initializers. */
final class OnnxDescription {
  private OnnxDescription() {}

  static String of(Path file) throws IOException {
    Onnx.ModelProto model;
    try (InputStream in = Files.newInputStream(file)) {
      model = Onnx.ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelFolderException(file + " is not an ONNX model: " + e.getMessage());
    }
    Onnx.GraphProto graph = model.getGraph();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "ONNX: %s (%,d bytes)%n", file, Files.size(file)));
    out.append("  IR version: ").append(model.getIrVersion()).append('\n');
    out.append("  opsets: ")
        .append(model.getOpsetImportList().stream()
            .map(o -> (o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()) + " " + o.getVersion())
            .collect(Collectors.joining(", ")))
        .append('\n');
    out.append("  producer: ").append(model.getProducerName()).append(' ').append(model.getProducerVersion())
        .append(", model version ").append(model.getModelVersion()).append('\n');
    for (Onnx.ValueInfoProto input : graph.getInputList()) {
      out.append("  input:  ").append(valueInfo(input)).append('\n');
    }
    for (Onnx.ValueInfoProto output : graph.getOutputList()) {
      out.append("  output: ").append(valueInfo(output)).append('\n');
    }
    Map<String, Long> ops =
        graph.getNodeList().stream()
            .collect(Collectors.groupingBy(Onnx.NodeProto::getOpType, TreeMap::new, Collectors.counting()));
    out.append(String.format(Locale.ROOT, "  nodes: %d: ", graph.getNodeCount()))
        .append(ops.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
        .append('\n');
    long values =
        graph.getInitializerList().stream()
            .mapToLong(t -> t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b))
            .sum();
    out.append(String.format(Locale.ROOT, "  initializers: %d, %,d values%n", graph.getInitializerCount(), values));
    return out.toString();
  }

  /** {@code image: float [N, 28, 28, 1]}. */
  private static String valueInfo(Onnx.ValueInfoProto info) {
    Onnx.TypeProto.Tensor tensor = info.getType().getTensorType();
    Onnx.TensorProto.DataType type = Onnx.TensorProto.DataType.forNumber(tensor.getElemType());
    String dims =
        tensor.getShape().getDimList().stream()
            .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue()))
            .collect(Collectors.joining(", "));
    return info.getName() + ": " + (type == null ? "type " + tensor.getElemType() : type.name().toLowerCase(Locale.ROOT))
        + " [" + dims + "]";
  }
}
