package org.fmnist.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Real SavedModels built by the tests with TensorFlow Java: a nearest-centroid classifier of the
 * real test images (logit_c = t * (x . m_c - |m_c|^2 / 2), so argmax is the closest class mean),
 * exported either with the exporter's contract or with other names and shapes. The plain-Java
 * {@link #referenceProbabilities} computes what the graph must answer.
 */
public final class TestModels {
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";
  public static final List<String> CLASS_NAMES =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  public static final int CLASSES = CLASS_NAMES.size();

  private static float[][] centroids;

  private TestModels() {}

  /**
   * The exporter's contract: input {@code image} float [-1, 28, 28, 1]; outputs {@code
   * probabilities} float [-1, 10] and {@code class_id} int64 [-1]; fmnist.json with class names.
   */
  public static Path exportStandard(Path versionFolder, float temperature) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image =
          tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
      Operand<TFloat32> logits = logits(tf, image, temperature);
      Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
      Operand<TInt64> classId = tf.withName("class_id").math.argMax(probabilities, tf.constant(1), TInt64.class);
      Signature signature =
          Signature.builder()
              .key("serving_default")
              .methodName(PREDICT_METHOD)
              .input("image", image)
              .output("probabilities", probabilities)
              .output("class_id", classId)
              .build();
      export(graph, versionFolder, signature);
    }
    writeProvenance(versionFolder);
    return versionFolder;
  }

  /**
   * The same classifier under other names and shapes: input {@code pixels} float [-1, 28, 28];
   * outputs {@code logits} and {@code scores} (both float [-1, 10], only scores a softmax) and
   * {@code label_index} int32 [-1]; a signature {@code logits_only}, and {@code aliased} whose two
   * outputs {@code a} and {@code b} are one tensor; no fmnist.json.
   */
  public static Path exportRenamed(Path versionFolder, float temperature) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> pixels =
          tf.withName("pixels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28)));
      Operand<TFloat32> logits = tf.withName("logits").identity(logits(tf, pixels, temperature));
      Operand<TFloat32> scores = tf.withName("scores").nn.softmax(logits);
      Operand<TInt32> labelIndex = tf.withName("label_index").math.argMax(scores, tf.constant(1), TInt32.class);
      Signature serving =
          Signature.builder()
              .key("serving_default")
              .methodName(PREDICT_METHOD)
              .input("pixels", pixels)
              .output("logits", logits)
              .output("scores", scores)
              .output("label_index", labelIndex)
              .build();
      Signature logitsOnly =
          Signature.builder().key("logits_only").methodName(PREDICT_METHOD).input("pixels", pixels).output("logits", logits).build();
      Signature aliased =
          Signature.builder().key("aliased").methodName(PREDICT_METHOD).input("pixels", pixels).output("a", scores).output("b", scores).build();
      export(graph, versionFolder, serving, logitsOnly, aliased);
    }
    return versionFolder;
  }

  /** What the exported classifier answers for one image, computed in double precision. */
  public static float[] referenceProbabilities(float[] pixels, float temperature) {
    float[][] m = centroids();
    double[] logits = new double[CLASSES];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CLASSES; c++) {
      double dot = 0;
      double norm = 0;
      for (int p = 0; p < FashionTestImages.PIXELS; p++) {
        dot += pixels[p] * m[c][p];
        norm += m[c][p] * m[c][p];
      }
      logits[c] = temperature * (dot - norm / 2);
      max = Math.max(max, logits[c]);
    }
    double sum = 0;
    for (int c = 0; c < CLASSES; c++) {
      logits[c] = Math.exp(logits[c] - max);
      sum += logits[c];
    }
    float[] probabilities = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      probabilities[c] = (float) (logits[c] / sum);
    }
    return probabilities;
  }

  /** The dense layer's kernel [784, 10]: the class means scaled by the temperature. */
  public static float[][] kernel(float temperature) {
    float[][] m = centroids();
    float[][] kernel = new float[FashionTestImages.PIXELS][CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      for (int p = 0; p < FashionTestImages.PIXELS; p++) {
        kernel[p][c] = temperature * m[c][p];
      }
    }
    return kernel;
  }

  /** The dense layer's bias [10]: -t |m_c|^2 / 2. */
  public static float[] bias(float temperature) {
    float[][] m = centroids();
    float[] bias = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      double norm = 0;
      for (int p = 0; p < FashionTestImages.PIXELS; p++) {
        norm += m[c][p] * m[c][p];
      }
      bias[c] = (float) (-temperature * norm / 2);
    }
    return bias;
  }

  static Operand<TFloat32> logits(Ops tf, Operand<TFloat32> images, float temperature) {
    Operand<TFloat32> flat = tf.reshape(images, tf.constant(new long[] {-1, FashionTestImages.PIXELS}));
    Operand<TFloat32> weights = tf.withName("dense_kernel").variable(tf.constant(kernel(temperature)));
    Operand<TFloat32> offsets = tf.withName("dense_bias").variable(tf.constant(bias(temperature)));
    return tf.math.add(tf.linalg.matMul(flat, weights), offsets);
  }

  static void export(Graph graph, Path versionFolder, Signature... signatures) {
    try (Session session = new Session(graph)) {
      session.initialize();
      Files.createDirectories(versionFolder);
      SavedModelBundle.exporter(versionFolder.toString()).withSession(session).withSignatures(signatures).export();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeProvenance(Path versionFolder) {
    StringBuilder names = new StringBuilder();
    for (String name : CLASS_NAMES) {
      names.append(names.length() == 0 ? "" : ", ").append('"').append(name).append('"');
    }
    String json = "{\n  \"model\": {\"name\": \"centroids\"},\n  \"classNames\": [" + names + "]\n}\n";
    try {
      Files.writeString(versionFolder.resolve("fmnist.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mean image per class over test images 5000..9999 (predictions are checked on the first ones). */
  private static synchronized float[][] centroids() {
    if (centroids == null) {
      FashionTestImages images = FashionTestImages.load();
      float[][] sums = new float[CLASSES][FashionTestImages.PIXELS];
      int[] counts = new int[CLASSES];
      for (int i = 5000; i < images.size(); i++) {
        float[] x = images.floats(i);
        int label = images.label(i);
        counts[label]++;
        for (int p = 0; p < x.length; p++) {
          sums[label][p] += x[p];
        }
      }
      for (int c = 0; c < CLASSES; c++) {
        for (int p = 0; p < FashionTestImages.PIXELS; p++) {
          sums[c][p] /= counts[c];
        }
      }
      centroids = sums;
    }
    return centroids;
  }
}
