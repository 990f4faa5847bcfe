package org.fmnist.serving;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A Java app that wants ONNX Runtime only, run by {@link OnnxWithoutTensorFlowTest} in a JVM whose
 * classpath lacks TensorFlow's native library: predicts the first N real test images in one batch with
 * the ONNX backend (one line each: class id and probabilities), then shows that TensorFlow cannot load.
 */
public final class OnnxOnlyApp {
  private OnnxOnlyApp() {}

  public static void main(String[] args) {
    Path version = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    FashionTestImages images = FashionTestImages.load();
    try (ImageClassifier classifier = ImageClassifier.load(version, ClassifierOptions.defaults().withBackend(Backend.ONNX))) {
      float[][] batch = new float[n][];
      for (int i = 0; i < n; i++) {
        batch[i] = images.floats(i);
      }
      for (Prediction p : classifier.predictBatch(batch)) {
        StringBuilder line = new StringBuilder().append(p.classId());
        for (float v : p.probabilities()) {
          line.append(' ').append(String.format(Locale.ROOT, "%.9e", v));
        }
        System.out.println(line);
      }
    }
    try (ImageClassifier tensorflow = ImageClassifier.load(version)) {
      System.out.println("tensorflow: loaded");
    } catch (Throwable e) {
      System.out.println("tensorflow: " + e.getClass().getName());
    }
  }
}
