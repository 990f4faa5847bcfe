package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
  record Outcome(int code, String stdout, String stderr) {}

  @BeforeAll
  static void smallDatasetAndOneRun() throws IOException {
    assumeTrue(
        Files.isDirectory(DatasetLocator.DEBIAN_DIR),
        "needs `apt-get install -y dataset-fashion-mnist`");
    FashionMnist all = new DatasetLocator().load(null, false, line -> {});
    data = shared.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("fashion-mnist_train.csv"), csv(all.train().first(600)));
    Files.writeString(data.resolve("fashion-mnist_test.csv"), csv(all.test().first(200)));
    run = shared.resolve("run");
    Outcome trained =
        fmnist("train", "--epochs", "1", "--data-dir", data.toString(), "--run-dir", run.toString(), "--threads", "2");
    assertEquals(0, trained.code(), trained.stderr());
    assertTrue(trained.stdout().contains("report: " + run.resolve("report.html")), trained.stdout());
  }

  @Test
  void trainDrawsCurvesAndConfusionMatrixIntoTheRunFolder() throws IOException {
    for (String name :
        List.of("loss_curves.png", "accuracy_curves.png", "confusion_matrix.png", "per_class_accuracy.png", "report.html")) {
      assertTrue(Files.size(run.resolve(name)) > 0, name);
    }
    Path plain = out.resolve("plain");
    Outcome trained =
        fmnist("train", "--model", "baseline", "--epochs", "1", "--no-plots", "--data-dir", data.toString(), "--run-dir", plain.toString());
    assertEquals(0, trained.code(), trained.stderr());
    assertTrue(Files.isRegularFile(plain.resolve("test_metrics.json")));
    assertFalse(Files.exists(plain.resolve("loss_curves.png")));
    assertFalse(Files.exists(plain.resolve("report.html")));
  }

  @Test
  void edaWritesItsTablesPicturesAndReport() {
    Outcome eda = fmnist("eda", "--data-dir", data.toString(), "--out", out.toString());

    assertEquals(0, eda.code(), eda.stderr());
    assertTrue(eda.stdout().contains("| all | 600 | 200 | 800 |"), eda.stdout());
    assertTrue(eda.stdout().endsWith("report: " + out.resolve("report.html") + System.lineSeparator()));
    for (String name :
        List.of("report.html", "eda.md", "class_counts.csv", "pixel_statistics.csv", "samples.png", "class_distribution.png", "mean_images.png")) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }
  }

  @Test
  void visualizeWritesEveryPictureAndRefusesABadIndex() {
    Outcome shown =
        fmnist("visualize", "--run", run.toString(), "--test-index", "7", "--out", out.toString(), "--data-dir", data.toString());

    assertEquals(0, shown.code(), shown.stderr());
    for (String name :
        List.of("filters_conv2d.png", "feature_maps_conv2d.png", "feature_maps_conv2d_1.png", "misclassified.png", "confusion_matrix.png", "report.html")) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }

    Outcome bad =
        fmnist("visualize", "--run", run.toString(), "--test-index", "200", "--out", out.resolve("bad").toString(), "--data-dir", data.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.stderr().contains("fmnist: error: --test-index must be in [0, 199], not 200"), bad.stderr());
    assertFalse(Files.exists(out.resolve("bad")));

    Outcome notARun = fmnist("visualize", "--run", out.toString());
    assertEquals(1, notARun.code());
    assertTrue(notARun.stderr().contains("is not a run folder"), notARun.stderr());
  }

  @Test
  void experimentRunsOnceAndSkipsFinishedRunsTheSecondTime() throws IOException {
    String[] args = {
      "experiment", "kernel-size", "--kernels", "3,5", "--seeds", "2", "--epochs", "1",
      "--limit-train", "300", "--threads", "2", "--data-dir", data.toString(), "--out", out.toString()
    };
    Outcome first = fmnist(args);
    assertEquals(0, first.code(), first.stderr());
    assertTrue(first.stdout().contains("| cnn-k3 | 3 × 3 | 220,234 |"), first.stdout());
    assertTrue(first.stdout().contains("| cnn-k5 | 5 × 5 | 253,514 |"), first.stdout());
    for (String name :
        List.of("results.md", "results.csv", "results.json", "report.html", "test_accuracy.png", "parameters.png", "seconds_per_epoch.png", "validation_accuracy.png")) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }
    String csv = Files.readString(out.resolve("results.csv"));

    Outcome second = fmnist(args);
    assertEquals(0, second.code(), second.stderr());
    assertEquals(4, second.stderr().split("finished earlier: skipped", -1).length - 1, second.stderr());
    assertEquals(csv, Files.readString(out.resolve("results.csv")));
    assertEquals(first.stdout(), second.stdout());

    Outcome bad = fmnist("experiment", "kernel-size", "--kernels", "3,x");
    assertEquals(2, bad.code());
  }

  private static Outcome fmnist(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Fmnist.run(args);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
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
