package org.fmnist.model;

import java.util.List;
import java.util.OptionalLong;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The one inference graph of a model: an image placeholder, the forward pass in inference mode
 * (Dropout is the identity, BatchNormalization uses its moving statistics) and the head, softmax
 * probabilities and the argmax of the logits. Evaluation, the run pictures and the export all build
 * it here; only the input type differs.
 */
public record InferenceGraph(
    Placeholder<? extends TType> input,
    ModelParameters parameters,
    Operand<TFloat32> logits,
    Operand<TFloat32> probabilities,
    Operand<TInt64> classId,
    List<Operand<TFloat32>> layerOutputs) {

  public static final String INPUT = "image";
  public static final String PROBABILITIES = "probabilities";
  public static final String CLASS_ID = "class_id";

  /** What the input placeholder takes, NHWC [N, 28, 28, 1]. */
  public enum Input {
    /** Pixels 0..255 as stored in the dataset, scaled to [0, 1] in the graph (evaluation). */
    UINT8,
    /** Pixels already in [0, 1] (the exported serving signature). */
    FLOAT32
  }

  /**
   * The graph with its own variables, left without initializers for a checkpoint restore, so the
   * graph holds no optimizer, gradient or random op.
   */
  public static InferenceGraph build(Ops tf, ModelSpec spec, Input input) {
    Placeholder<? extends TType> image = placeholder(tf, input);
    ModelParameters parameters = ModelParameters.create(tf, spec, OptionalLong.empty());
    return head(tf, spec, parameters, image);
  }

  /** The graph on variables that already exist (a training graph's, to evaluate while training). */
  public static InferenceGraph on(Ops tf, ModelSpec spec, ModelParameters parameters, Input input) {
    return head(tf, spec, parameters, placeholder(tf, input));
  }

  /** NHWC shape of a batch of model inputs, batch size left open. */
  public static Shape batchShape() {
    FeatureShape in = FeatureShape.INPUT;
    return Shape.of(-1, in.height(), in.width(), in.channels());
  }

  /** Uint8 pixels scaled to float32 [0, 1], as training feeds them. */
  public static Operand<TFloat32> scaledPixels(Ops tf, Operand<TUint8> pixels) {
    return tf.math.div(tf.dtypes.cast(pixels, TFloat32.class), tf.constant(255f));
  }

  private static Placeholder<? extends TType> placeholder(Ops tf, Input input) {
    Class<? extends TType> type = input == Input.UINT8 ? TUint8.class : TFloat32.class;
    return tf.withName(INPUT).placeholder(type, Placeholder.shape(batchShape()));
  }

  @SuppressWarnings("unchecked")
  private static InferenceGraph head(
      Ops tf, ModelSpec spec, ModelParameters parameters, Placeholder<? extends TType> image) {
    Operand<TFloat32> pixels =
        image.type() == TUint8.class
            ? scaledPixels(tf, (Operand<TUint8>) image)
            : (Operand<TFloat32>) image;
    ModelGraph.Forward forward =
        ModelGraph.forward(tf, spec, parameters, pixels, new ModelGraph.Mode.Inference());
    Operand<TFloat32> probabilities = tf.withName(PROBABILITIES).nn.softmax(forward.logits());
    // argmax of the logits, as the trainer's own predictions are computed
    Operand<TInt64> classId =
        tf.withName(CLASS_ID).math.argMax(forward.logits(), tf.constant(1), TInt64.class);
    return new InferenceGraph(
        image, parameters, forward.logits(), probabilities, classId, forward.layerOutputs());
  }
}
