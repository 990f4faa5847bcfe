package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;
import org.fmnist.data.LabeledImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmnist eda}, {@code train}, {@code visualize} and {@code experiment kernel-size} end to
 * end, on a small slice of the real dataset written as the Kaggle CSV files (600 training, 200 test
 * images) so that every run stays short.
 */
class ReportCommandsTest {
  @TempDir static Path shared;
  @TempDir Path out;

  private static Path data;
  private static Path run;

  /** What one command printed and returned. */
  @BeforeAll
  static void smallDatasetAndOneRun() throws IOException {
    FashionMnist all = new DatasetLocator().load(null, false, line -> {});
    data = shared.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("fashion-mnist_train.csv"), csv(all.train().first(600)));
    Files.writeString(data.resolve("fashion-mnist_test.csv"), csv(all.test().first(200)));
    run = shared.resolve("run");
    CliRun trained =
        CliRun.of("train", "--epochs", "1", "--data-dir", data.toString(), "--run-dir", run.toString(), "--threads", "2");
    assertEquals(0, trained.exitCode(), trained.err());
    assertTrue(trained.out().contains("report: " + run.resolve("report.html")), trained.out());
  }

  @Test
  void trainDrawsCurvesAndConfusionMatrixIntoTheRunFolder() throws IOException {
    for (String name :
        List.of("model.png", "loss_curves.png", "accuracy_curves.png", "confusion_matrix.png", "per_class_accuracy.png", "report.html")) {
      assertTrue(Files.size(run.resolve(name)) > 0, name);
    }
    Path plain = out.resolve("plain");
    CliRun trained =
        CliRun.of("train", "--model", "baseline", "--epochs", "1", "--no-plots", "--data-dir", data.toString(), "--run-dir", plain.toString());
    assertEquals(0, trained.exitCode(), trained.err());
    assertTrue(Files.isRegularFile(plain.resolve("test_metrics.json")));
    assertFalse(Files.exists(plain.resolve("loss_curves.png")));
    assertFalse(Files.exists(plain.resolve("report.html")));
  }

  @Test
  void edaWritesItsTablesPicturesAndReport() {
    CliRun eda = CliRun.of("eda", "--data-dir", data.toString(), "--out", out.toString());

    assertEquals(0, eda.exitCode(), eda.err());
    assertTrue(eda.out().contains("| all | 600 | 200 | 800 |"), eda.out());
    assertTrue(eda.out().endsWith("report: " + out.resolve("report.html") + System.lineSeparator()));
    for (String name :
        List.of("report.html", "eda.md", "class_counts.csv", "pixel_statistics.csv", "samples.png", "class_distribution.png", "mean_images.png")) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }
  }

  @Test
  void visualizeWritesEveryPictureAndRefusesABadIndex() {
    CliRun shown =
        CliRun.of("visualize", "--run", run.toString(), "--test-index", "7", "--out", out.toString(), "--data-dir", data.toString());

    assertEquals(0, shown.exitCode(), shown.err());
    for (String name :
        List.of("filters_conv2d.png", "feature_maps_conv2d.png", "feature_maps_conv2d_1.png", "misclassified.png", "confusion_matrix.png", "report.html")) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }

    CliRun bad =
        CliRun.of("visualize", "--run", run.toString(), "--test-index", "200", "--out", out.resolve("bad").toString(), "--data-dir", data.toString());
    assertEquals(2, bad.exitCode(), "an option value out of range is a usage error");
    assertTrue(bad.err().contains("fmnist: error: --test-index must be in [0, 199], not 200"), bad.err());
    assertFalse(Files.exists(out.resolve("bad")));

    CliRun notARun = CliRun.of("visualize", "--run", out.toString());
    assertEquals(1, notARun.exitCode());
    assertTrue(notARun.err().contains("is not a run folder"), notARun.err());
  }

  @Test
  void experimentRunsOnceAndSkipsFinishedRunsTheSecondTime() throws IOException {
    String[] args = {
      "experiment", "kernel-size", "--kernels", "3,5", "--seeds", "2", "--epochs", "1",
      "--limit-train", "300", "--threads", "2", "--data-dir", data.toString(), "--out", out.toString()
    };
    CliRun first = CliRun.of(args);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("| cnn-k3 | 3 × 3 | 220,234 |"), first.out());
    assertTrue(first.out().contains("| cnn-k5 | 5 × 5 | 253,514 |"), first.out());
    for (String name :
        List.of("results.md", "results.csv", "results.json", "report.html", "test_accuracy.png", "parameters.png", "seconds_per_epoch.png", "validation_accuracy.png")) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }
    String csv = Files.readString(out.resolve("results.csv"));

    CliRun second = CliRun.of(args);
    assertEquals(0, second.exitCode(), second.err());
    assertEquals(4, second.err().split("finished earlier: skipped", -1).length - 1, second.err());
    assertEquals(csv, Files.readString(out.resolve("results.csv")));
    assertEquals(first.out(), second.out());

    CliRun bad = CliRun.of("experiment", "kernel-size", "--kernels", "3,x");
    assertEquals(2, bad.exitCode());
  }


  private static String csv(LabeledImages images) {
    StringBuilder text =
        new StringBuilder(
            IntStream.rangeClosed(1, LabeledImages.PIXELS)
                .mapToObj(i -> "pixel" + i)
                .collect(Collectors.joining(",", "label,", "\n")));
    for (int i = 0; i < images.size(); i++) {
      text.append(images.label(i));
      for (int p = 0; p < LabeledImages.PIXELS; p++) {
        text.append(',').append(images.pixel(i, p));
      }
      text.append('\n');
    }
    return text.toString();
  }
}
