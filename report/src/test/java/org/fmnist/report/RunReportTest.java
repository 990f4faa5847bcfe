package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fmnist.data.ClassNames;
import org.fmnist.data.LabeledImages;
import org.fmnist.errors.BadOptionException;
import org.fmnist.io.Json;
import org.fmnist.train.Evaluation;
import org.fmnist.train.History;
import org.fmnist.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pictures and report of a trained run, after {@code fmnist train} and {@code fmnist visualize}. */
class RunReportTest {
  @TempDir Path out;

  @Test
  void afterTrainingDrawsCurvesAndTestMetricsIntoTheRunFolder() {
    RunDirectory run = Fixtures.tinyRun();

    List<Path> files = RunReport.afterTraining(run);

    assertEquals(
        List.of(
            ModelDiagram.FILE, RunReport.LOSS_CURVES, RunReport.ACCURACY_CURVES,
            RunReport.CONFUSION_MATRIX, RunReport.PER_CLASS_ACCURACY, RunReport.HTML),
        files.stream().map(f -> f.getFileName().toString()).toList());
    files.forEach(f -> assertEquals(run.path(), f.getParent()));
    assertSize(run.path().resolve(RunReport.LOSS_CURVES), Charts.WIDTH, Charts.HEIGHT);
    assertSize(run.path().resolve(RunReport.ACCURACY_CURVES), Charts.WIDTH, Charts.HEIGHT);
    assertSize(run.path().resolve(RunReport.PER_CLASS_ACCURACY), Charts.WIDTH, Charts.HEIGHT);
    assertSize(run.path().resolve(RunReport.CONFUSION_MATRIX), 760, 780);
    assertTrue(GraphicsEnvironment.isHeadless());
  }

  @Test
  void visualizeDrawsTheModelAndItsMistakesAndTheReportHoldsTheTestNumbers() throws IOException {
    RunDirectory run = Fixtures.tinyRun();
    LabeledImages test = Fixtures.small().test();

    List<Path> files = RunVisualizer.visualize(run, test, 3, out, 2);

    List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
    assertEquals(
        List.of(
            ModelDiagram.FILE, RunReport.LOSS_CURVES, RunReport.ACCURACY_CURVES,
            RunReport.CONFUSION_MATRIX, RunReport.PER_CLASS_ACCURACY, "filters_conv2d.png", "feature_maps_conv2d.png",
            "feature_maps_conv2d_1.png", RunVisualizer.MISCLASSIFIED, RunReport.HTML),
        names);
    for (Path file : files) {
      assertTrue(Files.size(file) > 0, file + " is empty");
    }
    // 32 filters / 33 tiles (input + 32 maps) / 65 tiles (input + 64 maps) in rows of 8
    assertGrid(out.resolve("filters_conv2d.png"), 4);
    assertGrid(out.resolve("feature_maps_conv2d.png"), 5);
    assertGrid(out.resolve("feature_maps_conv2d_1.png"), 9);
    assertGrid(out.resolve(RunVisualizer.MISCLASSIFIED), 5);

    // the confusion matrix the trainer saved, read here as plain CSV, is what the report shows
    List<String> csv = Files.readAllLines(run.confusionCsv());
    String html = Files.readString(out.resolve(RunReport.HTML));
    int correct = 0;
    for (int c = 0; c < ClassNames.COUNT; c++) {
      String[] cells = csv.get(1 + c).split(",");
      int total = 0;
      for (int p = 1; p < cells.length; p++) {
        total += Integer.parseInt(cells[p]);
      }
      int diagonal = Integer.parseInt(cells[1 + c]);
      correct += diagonal;
      String row =
          String.format(
              Locale.ROOT, "<td>%s</td><td class=\"num\">%d / %d</td><td class=\"num\">%.2f %%</td>",
              ClassNames.of(c), diagonal, total, 100.0 * diagonal / total);
      assertTrue(html.contains(row), "missing " + row);
    }
    assertTrue(html.contains(String.format(Locale.ROOT, "%.2f %%", 100.0 * correct / test.size())));
    assertEquals(10 - 1, html.split("src=\"data:image/png;base64,").length - 1);
  }

  @Test
  void chartsComeOutByteForByteTheSame() {
    RunDirectory run = Fixtures.tinyRun();
    Evaluation test = Json.read(run.testMetrics(), Evaluation.class);
    History history = Json.read(run.historyJson(), History.class);
    assertArrayEquals(
        Png.encode(RunCharts.confusionMatrix(test)), Png.encode(RunCharts.confusionMatrix(test)));
    assertArrayEquals(
        Png.encode(RunCharts.perClassAccuracy(test)), Png.encode(RunCharts.perClassAccuracy(test)));
    assertArrayEquals(Png.encode(RunCharts.lossCurves(history)), Png.encode(RunCharts.lossCurves(history)));
  }

  @Test
  void aTestIndexOutsideTheTestSetIsRefused() {
    RunDirectory run = Fixtures.tinyRun();
    LabeledImages test = Fixtures.small().test();
    BadOptionException e =
        assertThrows(
            BadOptionException.class, () -> RunVisualizer.visualize(run, test, 300, out, 2));
    assertEquals("testIndex must be in [0, 299], not 300", e.getMessage());
  }

  private static void assertSize(Path png, int width, int height) {
    BufferedImage image = Fixtures.decodePng(png);
    assertEquals(width, image.getWidth(), png + " width");
    assertEquals(height, image.getHeight(), png + " height");
  }

  /** A grid of 8 columns of 56-pixel tiles and {@code rows} rows, captions included. */
  private static void assertGrid(Path png, int rows) {
    BufferedImage image = Fixtures.decodePng(png);
    assertTrue(image.getWidth() >= 8 * 56 + 7 * 10, png + " width " + image.getWidth());
    int minimum = rows * 56 + (rows - 1) * 10;
    assertTrue(
        image.getHeight() >= minimum && image.getHeight() < minimum + rows * 60 + 150,
        png + " height " + image.getHeight());
  }
}
