package org.fmnist.export.onnx;

import static org.fmnist.export.onnx.OnnxGraph.integer;
import static org.fmnist.export.onnx.OnnxGraph.ints;
import static org.fmnist.export.onnx.OnnxGraph.real;

import java.util.List;
import java.util.Map;
import org.fmnist.export.ServingSignature;
import org.fmnist.export.Weights;
import org.fmnist.export.onnx.proto.Onnx.GraphProto;
import org.fmnist.export.onnx.proto.Onnx.ModelProto;
import org.fmnist.export.onnx.proto.Onnx.OperatorSetIdProto;
import org.fmnist.export.onnx.proto.Onnx.StringStringEntryProto;
import org.fmnist.export.onnx.proto.Onnx.TensorProto.DataType;
import org.fmnist.model.Activation;
import org.fmnist.model.FeatureShape;
import org.fmnist.model.LayerSpec;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.PlacedLayer;
import org.fmnist.model.Weight;

/**
 * Translates a model spec and its weights into an ONNX model with the same contract as the
 * SavedModel. The input stays NHWC; convolutions, pooling and image batch normalization run in
 * ONNX's NCHW, so a Transpose goes in before the first of them and another before Flatten, which
 * thus keeps Keras's height-width-channel order. Kernels go from TensorFlow's HWIO to ONNX's OIHW,
 * {@code same} padding becomes explicit pads (the odd cell at the end, as TensorFlow does), Dense is
 * Gemm, BatchNormalization its inference form, Dropout is left out.
 */
public final class OnnxModelBuilder {
  /** IR version 7 is what opset 13 needs; both are read by every ONNX runtime since 2020. */
  public static final long IR_VERSION = 7;
  /** Opset 13: Softmax normalizes over one axis only (before 13 it flattened the trailing axes). */
  public static final long OPSET = 13;

  public static final String PRODUCER = "fmnist";
  /** The symbolic name of the batch dimension of the input and outputs. */
  public static final String BATCH_DIMENSION = "N";
  public static final String PROVENANCE_KEY = "fmnist.provenance";

  private enum Layout {
    NHWC,
    NCHW,
    FLAT
  }

  private final ModelSpec spec;
  private final Map<String, Weights> weights;
  private final OnnxGraph graph;
  private String x = ServingSignature.INPUT;
  private Layout layout = Layout.NHWC;

  private OnnxModelBuilder(ModelSpec spec, Map<String, Weights> weights) {
    this.spec = spec;
    this.weights = weights;
    this.graph = new OnnxGraph(spec.name());
  }

  /** What identifies the file beside the graph: producer version, model version, provenance. */
  public record Metadata(String producerVersion, long modelVersion, String docString, Map<String, String> properties) {}

  public static ModelProto build(ModelSpec spec, Map<String, Weights> weights, Metadata metadata) {
    OnnxModelBuilder builder = new OnnxModelBuilder(spec, weights);
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName(PRODUCER)
            .setProducerVersion(metadata.producerVersion())
            .setDomain("org.fmnist")
            .setModelVersion(metadata.modelVersion())
            .setDocString(metadata.docString())
            .setGraph(builder.translate());
    metadata
        .properties()
        .forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  private GraphProto translate() {
    FeatureShape in = FeatureShape.INPUT;
    graph.input(ServingSignature.INPUT, DataType.FLOAT, in.height(), in.width(), in.channels());
    for (PlacedLayer layer : spec.placedLayers()) {
      layer.spec().accept(new LayerNodes(layer));
    }
    String logits = x;
    graph.node("Softmax", ServingSignature.PROBABILITIES, List.of(logits), integer("axis", -1));
    graph.node(
        "ArgMax", ServingSignature.CLASS_ID, List.of(logits), integer("axis", 1), integer("keepdims", 0));
    graph.output(ServingSignature.PROBABILITIES, DataType.FLOAT, ModelSpec.CLASSES);
    graph.output(ServingSignature.CLASS_ID, DataType.INT64);
    return graph.build();
  }

  /** The nodes of one layer; each moves {@code x} to the layer's output. */
  private final class LayerNodes implements LayerSpec.Visitor<Void> {
    private final PlacedLayer layer;
    private final String name;

    LayerNodes(PlacedLayer layer) {
      this.layer = layer;
      this.name = layer.name();
    }

    /** Conv with OIHW kernel and explicit pads: TensorFlow puts the odd padding cell at the end. */
    public Void conv2d(LayerSpec.Conv2D c) {
      FeatureShape in = layer.input();
      toChannelsFirst(name);
      Weight kernelWeight = layer.weight(Weight.Role.KERNEL);
      Weights kernel = values(kernelWeight);
      int padH = c.padding().totalPadding(in.height(), c.kernel(), c.stride());
      int padW = c.padding().totalPadding(in.width(), c.kernel(), c.stride());
      String w =
          graph.initializer(kernelWeight.name(), oihwShape(kernel), KernelLayout.hwioToOihw(kernel));
      x =
          graph.node(
              "Conv",
              name + "/Conv",
              List.of(x, w, constant(Weight.Role.BIAS)),
              ints("kernel_shape", c.kernel(), c.kernel()),
              ints("strides", c.stride(), c.stride()),
              ints("dilations", 1, 1),
              ints("pads", padH / 2, padW / 2, padH - padH / 2, padW - padW / 2));
      activate(name, c.activation());
      return null;
    }

    public Void dense(LayerSpec.Dense d) {
      x =
          graph.node(
              "Gemm",
              name + "/Gemm",
              List.of(x, constant(Weight.Role.KERNEL), constant(Weight.Role.BIAS)));
      activate(name, d.activation());
      return null;
    }

    public Void maxPool(LayerSpec.MaxPool p) {
      toChannelsFirst(name);
      x =
          graph.node(
              "MaxPool",
              name + "/MaxPool",
              List.of(x),
              ints("kernel_shape", p.size(), p.size()),
              ints("strides", p.stride(), p.stride()));
      return null;
    }

    public Void batchNorm(LayerSpec.BatchNorm b) {
      toChannelsFirst(name);
      x =
          graph.node(
              "BatchNormalization",
              name + "/BatchNormalization",
              List.of(
                  x,
                  constant(Weight.Role.GAMMA),
                  constant(Weight.Role.BETA),
                  constant(Weight.Role.MOVING_MEAN),
                  constant(Weight.Role.MOVING_VARIANCE)),
              real("epsilon", LayerSpec.BatchNorm.EPSILON));
      return null;
    }

    public Void relu(LayerSpec.Relu r) {
      x = graph.node("Relu", name + "/Relu", List.of(x));
      return null;
    }

    public Void flatten(LayerSpec.Flatten f) {
      if (layout == Layout.NCHW) {
        x = graph.node("Transpose", name + "/to_nhwc", List.of(x), ints("perm", 0, 2, 3, 1));
      }
      x = graph.node("Flatten", name + "/Flatten", List.of(x), integer("axis", 1));
      layout = Layout.FLAT;
      return null;
    }

    /** Inactive at inference: no node. */
    public Void dropout(LayerSpec.Dropout d) {
      return null;
    }

    /** The weight of {@code role} as an initializer, in TensorFlow's layout. */
    private String constant(Weight.Role role) {
      Weight weight = layer.weight(role);
      Weights w = values(weight);
      return graph.initializer(weight.name(), w.shape(), w.values());
    }
  }

  /** Transposes an NHWC input to NCHW; NCHW and flat tensors stay as they are. */
  private void toChannelsFirst(String name) {
    if (layout == Layout.NHWC) {
      x = graph.node("Transpose", name + "/to_nchw", List.of(x), ints("perm", 0, 3, 1, 2));
      layout = Layout.NCHW;
    }
  }

  private void activate(String name, Activation activation) {
    if (activation == Activation.RELU) {
      x = graph.node("Relu", name + "/Relu", List.of(x));
    }
  }

  private Weights values(Weight weight) {
    Weights w = weights.get(weight.name());
    if (w == null) {
      throw new IllegalArgumentException("no weights for " + weight.name());
    }
    return w;
  }

  private static long[] oihwShape(Weights hwio) {
    long[] s = hwio.shape();
    return new long[] {s[3], s[2], s[0], s[1]};
  }
}
