package org.fmnist.serving;

import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * SavedModels shaped as other exporters write them, built with TensorFlow Java around the
 * nearest-centroid classifier of {@link TestModels}: any input convention (float [0, 1], float
 * 0–255, uint8; NHWC, [H, W] or flat) and any set of outputs (logits, softmax, sigmoid, class id,
 * a rank-3 tensor).
 */
final class CraftedModels {
  enum Pixels {
    /** float in [0, 1] */
    UNIT_FLOAT,
    /** float 0–255 */
    BYTE_FLOAT,
    UINT8
  }

  enum Head {
    LOGITS,
    SOFTMAX,
    SIGMOID,
    CLASS_ID,
    /** [-1, 10, 1] */
    RANK3
  }

  private CraftedModels() {}

  /** A serving_default signature with one image input {@code inputName} and the named outputs. */
  static Path export(Path versionFolder, String inputName, Pixels pixels, long[] instanceShape, Map<String, Head> outputs, float temperature) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      long[] shape = new long[instanceShape.length + 1];
      shape[0] = -1;
      System.arraycopy(instanceShape, 0, shape, 1, instanceShape.length);
      Placeholder.Options inputShape = Placeholder.shape(Shape.of(shape));
      Operand<? extends TType> input;
      Operand<TFloat32> unit;
      if (pixels == Pixels.UINT8) {
        Placeholder<TUint8> bytes = tf.withName(inputName).placeholder(TUint8.class, inputShape);
        input = bytes;
        unit = tf.math.div(tf.dtypes.cast(bytes, TFloat32.class), tf.constant(255f));
      } else {
        Placeholder<TFloat32> floats = tf.withName(inputName).placeholder(TFloat32.class, inputShape);
        input = floats;
        unit = pixels == Pixels.BYTE_FLOAT ? tf.math.div(floats, tf.constant(255f)) : floats;
      }
      Operand<TFloat32> logits = TestModels.logits(tf, unit, temperature);
      Signature.Builder signature = Signature.builder().key("serving_default").methodName(TestModels.PREDICT_METHOD).input(inputName, input);
      outputs.forEach((name, head) -> signature.output(name, head(tf, name, head, logits)));
      TestModels.export(graph, versionFolder, signature.build());
    }
    return versionFolder;
  }

  /** A serving_default signature whose only input is a string (encoded images). */
  static Path exportStringInput(Path versionFolder) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> bytes = tf.withName("image_bytes").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> scores = tf.withName("scores").zeros(tf.constant(new long[] {1, 10}), TFloat32.class);
      Signature signature =
          Signature.builder().key("serving_default").methodName(TestModels.PREDICT_METHOD).input("image_bytes", bytes).output("scores", scores).build();
      TestModels.export(graph, versionFolder, signature);
    }
    return versionFolder;
  }

  /** A serving_default signature with two image inputs. */
  static Path exportTwoInputs(Path versionFolder) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
      Placeholder<TFloat32> b = tf.withName("b").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
      Operand<TFloat32> logits = TestModels.logits(tf, tf.math.add(a, b), 1f);
      Signature signature =
          Signature.builder().key("serving_default").methodName(TestModels.PREDICT_METHOD).input("a", a).input("b", b).output("logits", logits).build();
      TestModels.export(graph, versionFolder, signature);
    }
    return versionFolder;
  }

  private static Operand<?> head(Ops tf, String name, Head head, Operand<TFloat32> logits) {
    return switch (head) {
      case LOGITS -> tf.withName(name).identity(logits);
      case SOFTMAX -> tf.withName(name).nn.softmax(logits);
      case SIGMOID -> tf.withName(name).math.sigmoid(logits);
      case CLASS_ID -> tf.withName(name).math.argMax(logits, tf.constant(1), TInt64.class);
      case RANK3 -> tf.withName(name).expandDims(logits, tf.constant(2));
    };
  }
}
