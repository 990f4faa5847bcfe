package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX Runtime backend against the TensorFlow one on the same model: results, names, shapes, errors. */
class OnnxBackendTest {
  static final float T = 0.2f;
  @TempDir static Path models;
  static Path version;
  static FashionTestImages images;
  static ImageClassifier tensorflow;
  static ImageClassifier onnx;

  @BeforeAll
  static void load() {
    images = FashionTestImages.load();
    version = TestModels.exportStandard(models.resolve("fashion/1"), T);
    CentroidOnnx.write(version.resolve(OnnxSession.ONNX_FILE), T);
    tensorflow = ImageClassifier.load(version, quiet());
    onnx = ImageClassifier.load(version, quiet().withBackend(Backend.ONNX));
  }

  @AfterAll
  static void close() {
    tensorflow.close();
    onnx.close();
  }

  @Test
  void onnxRuntimeAnswersAsTensorFlowOnTheWholeTestSet() {
    assertEquals(Backend.ONNX, onnx.backend().kind());
    assertEquals(Backend.TENSORFLOW, tensorflow.backend().kind());
    float max = 0;
    for (int start = 0; start < images.size(); start += 1000) {
      float[][] batch = new float[1000][];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = images.floats(start + i);
      }
      List<Prediction> a = tensorflow.predictBatch(batch);
      List<Prediction> b = onnx.predictBatch(batch);
      for (int i = 0; i < batch.length; i++) {
        assertEquals(a.get(i).classId(), b.get(i).classId(), "image " + (start + i));
        float[] pa = a.get(i).probabilities();
        float[] pb = b.get(i).probabilities();
        for (int c = 0; c < pa.length; c++) {
          max = Math.max(max, Math.abs(pa[c] - pb[c]));
        }
      }
    }
    assertTrue(max <= 1e-5f, "max |difference| " + max);
    assertArrayEquals(tensorflow.predict(images.floats(5)).probabilities(), onnx.predict(images.floats(5)).probabilities(), 1e-5f);
  }

  @Test
  void theSignatureRunsWithTheSameNamesShapesAndTypes() {
    assertEquals(tensorflow.backend().signatures(), onnx.backend().signatures());
    float[] pixels = new float[3 * 784];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(images.floats(i), 0, pixels, i * 784, 784);
    }
    Map<String, HostTensor> feeds = Map.of("image", HostTensor.ofFloats(new long[] {3, 28, 28, 1}, pixels));
    Map<String, HostTensor> a = tensorflow.backend().run("serving_default", feeds);
    Map<String, HostTensor> b = onnx.backend().run("serving_default", feeds);
    assertEquals(List.of("class_id", "probabilities"), new ArrayList<>(b.keySet()));
    assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()));
    for (String name : a.keySet()) {
      assertEquals(a.get(name).toString(), b.get(name).toString(), name);
    }
    assertArrayEquals(a.get("class_id").longs(), b.get("class_id").longs());
    assertArrayEquals(a.get("probabilities").floats(), b.get("probabilities").floats(), 1e-5f);
  }

  @Test
  void bothRefuseABadShapeAsTheCallersFaultAndAnUnknownSignatureAlike() {
    Map<String, HostTensor> wrong = Map.of("image", HostTensor.ofFloats(new long[] {1, 27, 28, 1}, new float[27 * 28]));
    for (ImageClassifier classifier : List.of(tensorflow, onnx)) {
      assertThrows(InvalidInputException.class, () -> classifier.backend().run("serving_default", wrong), classifier.backend().kind().toString());
      IllegalArgumentException unknown =
          assertThrows(IllegalArgumentException.class, () -> classifier.backend().run("nope", wrong));
      assertEquals("Serving signature name: \"nope\" not found in signature def", unknown.getMessage());
    }
  }

  @Test
  void autoPrefersOnnxAndFallsBackToTensorFlowSayingWhy(@TempDir Path dir) throws Exception {
    try (ImageClassifier auto = ImageClassifier.load(version, quiet().withBackend(Backend.AUTO))) {
      assertEquals(Backend.ONNX, auto.backend().kind());
    }
    Path plain = TestModels.exportStandard(dir.resolve("plain/1"), T);
    try (ImageClassifier auto = ImageClassifier.load(plain, quiet().withBackend(Backend.AUTO))) {
      assertEquals(Backend.TENSORFLOW, auto.backend().kind());
    }
    assertEquals(
        plain + ": no model.onnx for the ONNX Runtime backend",
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(plain, quiet().withBackend(Backend.ONNX))).getMessage());

    Path corrupt = TestModels.exportStandard(dir.resolve("corrupt/1"), T);
    Files.writeString(corrupt.resolve(OnnxSession.ONNX_FILE), "not a model");
    List<String> notices = new ArrayList<>();
    try (ImageClassifier auto = ImageClassifier.load(corrupt, quiet().withBackend(Backend.AUTO).withNotices(notices::add))) {
      assertEquals(Backend.TENSORFLOW, auto.backend().kind());
    }
    assertTrue(notices.get(0).startsWith("model.onnx not used (cannot load " + corrupt.resolve("model.onnx") + ": "), notices.get(0));
    assertTrue(notices.get(0).endsWith("): running the SavedModel with TensorFlow"), notices.get(0));

    Path renamed = TestModels.exportRenamed(dir.resolve("renamed/1"), T);
    CentroidOnnx.write(renamed.resolve(OnnxSession.ONNX_FILE), T);
    assertEquals(
        renamed.resolve("model.onnx") + " does not match the SavedModel's serving_default signature: it takes [image] and returns"
            + " [class_id, probabilities], the signature takes [pixels] and returns [label_index, logits, scores]",
        assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(renamed, quiet().withBackend(Backend.ONNX))).getMessage());
  }

  private static ClassifierOptions quiet() {
    return ClassifierOptions.defaults().withNotices(notice -> {});
  }
}
