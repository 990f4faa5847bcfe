package org.fmnist.bench.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.fmnist.serving.CentroidOnnx;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxClassifierTest {
  @Test
  void onnxRuntimeAnswersAsTheReferenceComputation(@TempDir Path dir) throws Exception {
    FashionTestImages images = FashionTestImages.load();
    float[][] batch = new float[100][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = images.floats(i);
    }
    try (OnnxClassifier onnx = new OnnxClassifier(CentroidOnnx.write(dir.resolve("model.onnx"), 0.2f))) {
      float[][] probabilities = onnx.predict(batch);
      for (int i = 0; i < batch.length; i++) {
        assertArrayEquals(TestModels.referenceProbabilities(batch[i], 0.2f), probabilities[i], 1e-5f, "image " + i);
      }
    }
  }
}
