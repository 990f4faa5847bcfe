package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.fmnist.data.ClassNames;
import org.fmnist.io.Json;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
  @TempDir static Path dir;
  static Path model;
  static ImageClassifier classifier;
  static FashionTestImages images;

  @BeforeAll
  static void export() {
    images = FashionTestImages.load();
    model = dir.resolve("saved_models/fashion");
    TestModels.exportStandard(model.resolve("1"), 0.2f);
    classifier = ImageClassifier.load(model);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void labelsRealPngAndJpegFilesInATable() {
    Path png = images.write(0, dir, "png");
    Path other = images.write(1, dir, "png");
    Path jpeg = images.write(2, dir, "jpg");
    CliRun run = CliRun.of("predict", "--model", model.toString(), png.toString(), other.toString(), jpeg.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(4, lines.size(), run.out());
    assertTrue(lines.get(0).matches("IMAGE\\s+LABEL\\s+CONFIDENCE"), lines.get(0));
    for (int i = 0; i < 3; i++) {
      Path file = List.of(png, other, jpeg).get(i);
      var expected = classifier.predict(file);
      assertTrue(lines.get(i + 1).startsWith(file.toString()), lines.get(i + 1));
      assertTrue(lines.get(i + 1).matches(".*\\s" + Pattern.quote(expected.label()) + "\\s+" + String.format(Locale.ROOT, "%.4f", expected.confidence())), lines.get(i + 1));
    }
  }

  @Test
  void badFilesGetOneLineEachAndTheOthersAreStillLabelled() throws Exception {
    Path good = images.write(3, dir, "png");
    Path empty = Files.createFile(dir.resolve("empty.jpg"));
    Path text = Files.writeString(dir.resolve("readme.png"), "hello");
    Path missing = dir.resolve("missing.png");
    CliRun run = CliRun.of("predict", "--model", model.toString(), empty.toString(), good.toString(), text.toString(), missing.toString());
    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            "fmnist predict: using output 'probabilities' (probabilities: Softmax)",
            "fmnist: error: " + empty + ": empty file",
            "fmnist: error: " + text + ": not an image (PNG or JPEG expected)",
            "fmnist: error: " + missing + ": no such file"),
        run.err().lines().toList());
    assertEquals(2, run.out().lines().count(), run.out());
    assertTrue(run.out().lines().toList().get(1).startsWith(good.toString()));
  }

  @Test
  void jsonWithTopKAndTheTrueLabelsOfTestImages() throws Exception {
    Path empty = Files.createFile(dir.resolve("nothing.png"));
    CliRun run = CliRun.of("predict", "--model", model.toString(), "--json", "--top-k", "3", "--test-index", "0,7", empty.toString());
    assertEquals(1, run.exitCode(), run.err());
    JsonNode rows = Json.MAPPER.readTree(run.out());
    assertEquals(3, rows.size());
    assertEquals(empty.toString(), rows.get(0).get("image").asText());
    assertEquals(empty + ": empty file", rows.get(0).get("error").asText());
    for (int r = 1; r < 3; r++) {
      int index = r == 1 ? 0 : 7;
      JsonNode row = rows.get(r);
      var expected = classifier.predict(images.floats(index));
      assertEquals("test[" + index + "]", row.get("image").asText());
      assertEquals(expected.label(), row.get("label").asText());
      assertEquals(expected.classId(), row.get("classId").asInt());
      assertEquals(expected.confidence(), row.get("confidence").floatValue(), 1e-6f);
      assertEquals(ClassNames.of(images.label(index)), row.get("trueLabel").asText());
      assertEquals(3, row.get("top").size());
      assertEquals(expected.label(), row.at("/top/0/label").asText());
      assertTrue(row.at("/top/1/probability").floatValue() >= row.at("/top/2/probability").floatValue());
    }
  }

  @Test
  void theTableShowsTrueLabelsAndTopK() {
    CliRun run = CliRun.of("predict", "--model", model.toString(), "--test-index", "0", "--test-index", "1", "--top-k", "2");
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).matches("IMAGE\\s+LABEL\\s+CONFIDENCE\\s+TRUE LABEL\\s+TOP 2"), lines.get(0));
    assertTrue(lines.get(1).startsWith("test[0] "), lines.get(1));
    assertTrue(lines.get(1).contains(ClassNames.of(images.label(0))), lines.get(1));
  }

  @Test
  void aForeignModelWithoutClassNamesGetsVerdictsByClassIdAndItsLogitsSoftmaxed() throws Exception {
    Path foreign = TestModels.exportRenamed(dir.resolve("foreign/1"), 0.2f);
    CliRun run = CliRun.of("predict", "--model", foreign.toString(), "--output", "logits", "--json", "--test-index", "0,1,2,3");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("fmnist predict: using output 'logits' (logits: softmax applied)", run.err().lines().findFirst().orElse(""));
    JsonNode rows = Json.MAPPER.readTree(run.out());
    for (int index = 0; index < 4; index++) {
      JsonNode row = rows.get(index);
      float[] expected = TestModels.referenceProbabilities(images.floats(index), 0.2f);
      int best = row.get("classId").asInt();
      assertEquals("class " + best, row.get("label").asText());
      assertEquals(expected[best], row.get("confidence").floatValue(), 1e-5f);
      int truth = images.label(index);
      assertEquals(truth + " (" + ClassNames.of(truth) + ")", row.get("trueLabel").asText());
      assertEquals(best == truth, row.get("correct").asBoolean());
    }
    int right = firstIndex(true);
    int wrong = firstIndex(false);
    CliRun table = CliRun.of("predict", "--model", foreign.toString(), "--test-index", right + "," + wrong);
    assertEquals(0, table.exitCode(), table.err());
    List<String> lines = table.out().lines().toList();
    int truth = images.label(right);
    // "class 3" and "3 (Dress)" agree: no "(wrong)"
    assertTrue(lines.get(1).matches("test\\[" + right + "\\]\\s+class " + truth + "\\s+\\S+\\s+" + truth + " \\(" + Pattern.quote(ClassNames.of(truth)) + "\\)"), lines.get(1));
    assertTrue(lines.get(2).endsWith(images.label(wrong) + " (" + ClassNames.of(images.label(wrong)) + ")  (wrong)"), lines.get(2));

    Path names = Files.writeString(dir.resolve("names.txt"), String.join("\n", ClassNames.ALL));
    CliRun named = CliRun.of("predict", "--model", foreign.toString(), "--labels", names.toString(), "--test-index", Integer.toString(right));
    assertEquals(0, named.exitCode(), named.err());
    assertTrue(named.out().lines().toList().get(1).matches("test\\[" + right + "\\]\\s+" + Pattern.quote(ClassNames.of(truth)) + "\\s+\\S+\\s+" + Pattern.quote(ClassNames.of(truth))), named.out());
  }

  /** The first test image the centroid classifier gets right (or wrong). */
  private static int firstIndex(boolean right) {
    for (int i = 0; ; i++) {
      float[] p = TestModels.referenceProbabilities(images.floats(i), 0.2f);
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        best = p[c] > p[best] ? c : best;
      }
      if ((best == images.label(i)) == right) {
        return i;
      }
    }
  }

  @Test
  void usageAndModelErrors() {
    assertEquals(2, CliRun.of("predict", "--model", model.toString()).exitCode());
    assertEquals(2, CliRun.of("predict", "--model", model.toString(), "--top-k", "0", "--test-index", "1").exitCode());
    CliRun outside = CliRun.of("predict", "--model", model.toString(), "--test-index", "10000");
    assertEquals(2, outside.exitCode(), "an option value out of range is a usage error");
    assertTrue(outside.err().endsWith("fmnist: error: --test-index 10000 is outside 0..9999\n"), outside.err());
    CliRun noModel = CliRun.of("predict", "--model", dir.resolve("nope").toString(), "x.png");
    assertEquals(1, noModel.exitCode());
    assertEquals("fmnist: error: " + dir.resolve("nope") + ": no such model folder", noModel.err().strip());
  }
}
