package org.fmnist.export.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.fmnist.export.onnx.proto.Onnx.AttributeProto;
import org.fmnist.export.onnx.proto.Onnx.GraphProto;
import org.fmnist.export.onnx.proto.Onnx.NodeProto;
import org.fmnist.export.onnx.proto.Onnx.TensorProto;
import org.fmnist.export.onnx.proto.Onnx.TensorShapeProto;
import org.fmnist.export.onnx.proto.Onnx.TypeProto;
import org.fmnist.export.onnx.proto.Onnx.ValueInfoProto;

/**
 * Assembles an ONNX graph: nodes whose single output is named after the node, float initializers
 * stored little-endian in {@code raw_data}, typed inputs and outputs with a symbolic batch size.
 */
final class OnnxGraph {
  private final GraphProto.Builder graph = GraphProto.newBuilder();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** Adds a node computing one tensor, named {@code output}, and returns that name. */
  String node(String opType, String output, List<String> inputs, AttributeProto... attributes) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(opType)
            .setName(output)
            .addAllInput(inputs)
            .addOutput(output)
            .addAllAttribute(List.of(attributes)));
    return output;
  }

  /** Adds a float constant and returns its name. */
  String initializer(String name, long[] dims, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addAllDims(asList(dims))
            .setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  /** Declares a graph input whose first dimension is the batch; {@code dims} are the others. */
  void input(String name, TensorProto.DataType type, long... dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  void output(String name, TensorProto.DataType type, long... dims) {
    graph.addOutput(valueInfo(name, type, dims));
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto ints(String name, long... values) {
    return attribute(name, AttributeProto.AttributeType.INTS).addAllInts(asList(values)).build();
  }

  static AttributeProto integer(String name, long value) {
    return attribute(name, AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, float value) {
    return attribute(name, AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  private static AttributeProto.Builder attribute(String name, AttributeProto.AttributeType type) {
    return AttributeProto.newBuilder().setName(name).setType(type);
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(OnnxModelBuilder.BATCH_DIMENSION));
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto.Tensor tensor =
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }

  private static List<Long> asList(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
