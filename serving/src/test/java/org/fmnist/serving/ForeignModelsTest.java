package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmnist.serving.CraftedModels.Head;
import org.fmnist.serving.CraftedModels.Pixels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models fmnist did not write: output selection, the softmax rule, input conventions, labels, refusals. */
class ForeignModelsTest {
  static final float T = 0.2f;
  static final long[] NHWC = {28, 28, 1};
  static final long[] FLAT = {784};
  @TempDir Path dir;
  static FashionTestImages images;

  @BeforeAll
  static void loadImages() {
    images = FashionTestImages.load();
  }

  @Test
  void aLogitsOutputIsSoftmaxedAndSaidSo() throws Exception {
    Path model = CraftedModels.export(dir.resolve("m/1"), "x", Pixels.UNIT_FLOAT, FLAT, Map.of("logits", Head.LOGITS), T);
    List<String> notices = new ArrayList<>();
    try (ImageClassifier classifier = ImageClassifier.load(model, ClassifierOptions.defaults().withNotices(notices::add))) {
      assertEquals(List.of("using output 'logits' (logits: softmax applied)"), notices);
      assertReference(classifier, T);
    }
  }

  @Test
  void aSoftmaxOutputIsTakenAsProbabilities() {
    Path model = CraftedModels.export(dir.resolve("m/1"), "x", Pixels.UNIT_FLOAT, NHWC, Map.of("probs", Head.SOFTMAX, "id", Head.CLASS_ID), T);
    List<String> notices = new ArrayList<>();
    try (ImageClassifier classifier = ImageClassifier.load(model, ClassifierOptions.defaults().withNotices(notices::add))) {
      assertEquals(List.of("using output 'probs' (probabilities: Softmax)"), notices);
      assertReference(classifier, T);
    }
  }

  @Test
  void aSigmoidWhoseRowsDoNotSumToOneIsTakenAsLogits() {
    Path model = CraftedModels.export(dir.resolve("m/1"), "x", Pixels.UNIT_FLOAT, NHWC, Map.of("sig", Head.SIGMOID), T);
    List<String> notices = new ArrayList<>();
    try (ImageClassifier classifier = ImageClassifier.load(model, ClassifierOptions.defaults().withNotices(notices::add))) {
      assertEquals(List.of("using output 'sig' (logits: softmax applied)"), notices);
      float[] p = classifier.predict(images.floats(0)).probabilities();
      double sum = 0;
      for (float v : p) {
        sum += v;
      }
      assertEquals(1.0, sum, 1e-5);
    }
  }

  @Test
  void theSoftmaxIsPreferredAmongSeveralAndAnOutputCanBeNamed() {
    Map<String, Head> heads = new LinkedHashMap<>();
    heads.put("logits", Head.LOGITS);
    heads.put("probabilities", Head.SOFTMAX);
    Path model = CraftedModels.export(dir.resolve("m/1"), "x", Pixels.UNIT_FLOAT, NHWC, heads, T);
    try (ImageClassifier chosen = ImageClassifier.load(model, quiet());
        ImageClassifier named = ImageClassifier.load(model, quiet().withOutput("logits"))) {
      assertEquals("output 'probabilities' (probabilities: Softmax)", chosen.outputUse());
      assertEquals("output 'logits' (logits: softmax applied)", named.outputUse());
      for (int i = 0; i < 20; i++) {
        assertArrayEquals(chosen.predict(images.floats(i)).probabilities(), named.predict(images.floats(i)).probabilities(), 1e-5f);
      }
    }
  }

  @Test
  void severalLogitsOutputsNeedANameAndBadNamesAreRefused() {
    Map<String, Head> heads = Map.of("a", Head.LOGITS, "b", Head.LOGITS, "cube", Head.RANK3);
    Path model = CraftedModels.export(dir.resolve("m/1"), "x", Pixels.UNIT_FLOAT, NHWC, heads, T);
    assertEquals(
        model + ": not an image classifier: signature serving_default has several outputs that could be class scores [a, b],"
            + " none computed by a Softmax: name the one to use",
        refusal(model, quiet()));
    assertEquals(
        model + ": not an image classifier: signature serving_default has no output 'nope' (outputs: [a, b, cube])",
        refusal(model, quiet().withOutput("nope")));
    assertEquals(
        model + ": not an image classifier: signature serving_default output 'cube' is DT_FLOAT [-1, 10, 1]:"
            + " class scores are DT_FLOAT [-1, classes]",
        refusal(model, quiet().withOutput("cube")));
    try (ImageClassifier b = ImageClassifier.load(model, quiet().withOutput("b"))) {
      assertReference(b, T);
    }
  }

  @Test
  void uint8AndByteScaledFloatInputsGetWhatTheyExpect() throws Exception {
    Path bytes = CraftedModels.export(dir.resolve("u/1"), "pixels", Pixels.UINT8, NHWC, Map.of("logits", Head.LOGITS), T);
    Path raw = CraftedModels.export(dir.resolve("f/1"), "pixels", Pixels.BYTE_FLOAT, new long[] {28, 28}, Map.of("logits", Head.LOGITS), T);
    try (ImageClassifier uint8 = ImageClassifier.load(bytes, quiet());
        ImageClassifier scaled = ImageClassifier.load(raw, quiet().withInputScale(255))) {
      assertReference(uint8, T);
      assertReference(scaled, T);
    }
    // the provenance's inputScale is the default
    Files.writeString(dir.resolve("f/fmnist.json"), "{\"inputScale\": 255}");
    try (ImageClassifier fromProvenance = ImageClassifier.load(dir.resolve("f"), quiet())) {
      assertReference(fromProvenance, T);
    }
  }

  @Test
  void labelsComeFromAFileBesideTheVersionOrTheCallerElseClassN() throws Exception {
    Path model = CraftedModels.export(dir.resolve("m/1"), "x", Pixels.UNIT_FLOAT, FLAT, Map.of("logits", Head.LOGITS), T);
    try (ImageClassifier none = ImageClassifier.load(model, quiet())) {
      assertEquals("class 9", none.labels().get(9));
    }
    Files.writeString(dir.resolve("m/labels.txt"), String.join("\n", TestModels.CLASS_NAMES) + "\n");
    try (ImageClassifier beside = ImageClassifier.load(model, quiet())) {
      assertEquals(TestModels.CLASS_NAMES, beside.labels());
      Prediction p = beside.predict(images.floats(0));
      assertEquals(TestModels.CLASS_NAMES.get(p.classId()), p.label());
    }
    Path json = Files.writeString(dir.resolve("names.json"), "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"]");
    try (ImageClassifier given = ImageClassifier.load(model, quiet().withLabels(json))) {
      assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), given.labels());
    }
    Path three = Files.writeString(dir.resolve("three.txt"), "x\ny\nz\n");
    assertEquals(three + " names 3 classes but the model outputs 10", refusal(model, quiet().withLabels(three)));
    Path broken = Files.writeString(dir.resolve("broken.json"), "[\"a\", 2]");
    assertEquals(broken + ": not a JSON list of class names (strings)", refusal(model, quiet().withLabels(broken)));
  }

  @Test
  void whatCannotBeAnImageClassifierIsRefusedNamingTheSignatureAndWhy() {
    Path two = CraftedModels.exportTwoInputs(dir.resolve("two/1"));
    assertEquals(
        two + ": not an image classifier: signature serving_default takes 2 inputs [a, b]: an image classifier takes one image tensor",
        refusal(two, quiet()));
    Path strings = CraftedModels.exportStringInput(dir.resolve("str/1"));
    assertEquals(
        strings + ": not an image classifier: signature serving_default input 'image_bytes' is DT_STRING (encoded images or text):"
            + " an image classifier here takes a DT_FLOAT or DT_UINT8 pixel tensor",
        refusal(strings, quiet()));
    Path cube = CraftedModels.export(dir.resolve("cube/1"), "x", Pixels.UNIT_FLOAT, NHWC, Map.of("cube", Head.RANK3, "id", Head.CLASS_ID), T);
    assertEquals(
        cube + ": not an image classifier: signature serving_default has no DT_FLOAT [-1, classes] output to read class scores from"
            + " (outputs: cube DT_FLOAT [-1, 10, 1], id DT_INT64 [-1])",
        refusal(cube, quiet()));
  }

  private static ClassifierOptions quiet() {
    return ClassifierOptions.defaults().withNotices(notice -> {});
  }

  private static String refusal(Path model, ClassifierOptions options) {
    return assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(model, options).close()).getMessage();
  }

  /** The classifier answers the reference softmax on real test images, with the right class ids. */
  private static void assertReference(ImageClassifier classifier, float temperature) {
    float[][] batch = new float[200][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = images.floats(i);
    }
    List<Prediction> predictions = classifier.predictBatch(batch);
    for (int i = 0; i < batch.length; i++) {
      float[] expected = TestModels.referenceProbabilities(batch[i], temperature);
      assertArrayEquals(expected, predictions.get(i).probabilities(), 1e-5f, "image " + i);
      float confidence = predictions.get(i).confidence();
      assertTrue(confidence >= 0f && confidence <= 1f, "confidence " + confidence);
    }
  }
}
