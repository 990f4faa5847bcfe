package org.fmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fmnist.data.FashionMnist;
import org.fmnist.errors.BadOptionException;
import org.fmnist.errors.RunFolderException;
import org.fmnist.io.Json;
import org.fmnist.report.Charts;
import org.fmnist.report.Fixtures;
import org.fmnist.tensorboard.EventFiles;
import org.fmnist.tensorboard.TensorBoardLogger;
import org.fmnist.tensorboard.TensorBoardOptions;
import org.fmnist.train.History;
import org.fmnist.train.TrainingListener;
import org.fmnist.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSizeExperimentTest {
  @TempDir Path out;

  @Test
  void trainsEveryKernelAndSeedAndReportsMeanAndSdOfItsRuns() throws IOException {
    FashionMnist data = Fixtures.small();
    KernelSizeExperiment experiment =
        new KernelSizeExperiment(List.of(3, 5), 2, false, new ExperimentRecipe(1, 0, 2), out);

    TensorBoardLogger tensorBoard = new TensorBoardLogger(TensorBoardOptions.DEFAULTS);
    ExperimentResults results = experiment.run(data, List.of(tensorBoard), line -> {});

    // one TensorBoard run per model and seed: tensorboard --logdir out/runs compares them
    assertFalse(tensorBoard.isOpen());
    for (String run : List.of("cnn-k3-seed1", "cnn-k3-seed2", "cnn-k5-seed1", "cnn-k5-seed2")) {
      Path logs = out.resolve("runs").resolve(run).resolve("logs");
      assertEquals(1, EventFiles.in(logs.resolve("train")).size(), run);
      assertTrue(
          EventFiles.tagSteps(logs.resolve("validation")).contains(new EventFiles.TagStep("epoch_accuracy", 0)),
          run);
    }
    for (String name :
        List.of(
            ExperimentResults.MARKDOWN, ExperimentResults.CSV, ExperimentResults.JSON,
            ExperimentReport.HTML)) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }
    for (String png :
        List.of(
            ExperimentReport.ACCURACY, ExperimentReport.PARAMETERS, ExperimentReport.SECONDS,
            ExperimentReport.CURVES)) {
      BufferedImage image = Fixtures.decodePng(out.resolve(png));
      assertEquals(Charts.WIDTH, image.getWidth(), png);
      assertEquals(Charts.HEIGHT, image.getHeight(), png);
    }
    assertEquals(4, results.runs().size());

    List<String> csv = Files.readAllLines(out.resolve(ExperimentResults.CSV));
    assertEquals(3, csv.size());
    JsonNode json = Json.MAPPER.readTree(out.resolve(ExperimentResults.JSON).toFile());
    String markdown = Files.readString(out.resolve(ExperimentResults.MARKDOWN));
    int[] kernels = {3, 5};
    long[] parameters = {220_234, 253_514}; // the published Keras counts
    for (int k = 0; k < kernels.length; k++) {
      double[] accuracy = new double[2];
      double[] loss = new double[2];
      double[] seconds = new double[2];
      for (int seed = 1; seed <= 2; seed++) {
        Path run = out.resolve("runs/cnn-k" + kernels[k] + "-seed" + seed);
        JsonNode metrics = Json.MAPPER.readTree(run.resolve("test_metrics.json").toFile());
        accuracy[seed - 1] = metrics.get("accuracy").asDouble();
        loss[seed - 1] = metrics.get("loss").asDouble();
        seconds[seed - 1] = meanSecondsPerEpoch(run.resolve("history.csv"));
      }
      String[] row = csv.get(1 + k).split(",", -1);
      assertEquals("cnn-k" + kernels[k], row[0]);
      assertEquals(Integer.toString(kernels[k]), row[1]);
      assertEquals(Long.toString(parameters[k]), row[2]);
      assertEquals("2", row[3]);
      assertEquals(mean(accuracy), Double.parseDouble(row[4]), 1e-6);
      assertEquals(sampleSd(accuracy), Double.parseDouble(row[5]), 1e-6);
      assertEquals(mean(loss), Double.parseDouble(row[6]), 1e-6);
      assertEquals(sampleSd(loss), Double.parseDouble(row[7]), 1e-6);
      assertEquals(mean(seconds), Double.parseDouble(row[8]), 2e-3, "history.csv rounds to ms");
      assertEquals(1.0, Double.parseDouble(row[10]), "one epoch: the best is the first");

      JsonNode configuration = json.get("configurations").get(k);
      assertEquals(parameters[k], configuration.get("parameters").asLong());
      assertEquals(mean(accuracy), configuration.get("testAccuracy").get("mean").asDouble(), 1e-12);
      assertEquals(sampleSd(accuracy), configuration.get("testAccuracy").get("sd").asDouble(), 1e-12);
      String expectedCell =
          String.format(
              Locale.ROOT, "| %.2f ± %.2f %% |", 100 * mean(accuracy), 100 * sampleSd(accuracy));
      assertTrue(markdown.contains(expectedCell), "results.md lacks " + expectedCell);
    }
    assertEquals(1, json.get("recipe").get("epochs").asInt());
    assertEquals(32, json.get("recipe").get("batchSize").asInt());
    assertTrue(markdown.contains("Batch size 32, 1 epoch, no early stopping."));
  }

  @Test
  void aSecondRunSkipsFinishedRunsAndContinuesTheInterruptedOne() throws IOException {
    FashionMnist data = Fixtures.small();
    ExperimentRecipe recipe = new ExperimentRecipe(2, 200, 2);
    KernelSizeExperiment experiment = new KernelSizeExperiment(List.of(3), 2, false, recipe, out);
    // seed 1 runs its 2 epochs, seed 2 dies right after its first epoch's checkpoint
    TrainingListener crash =
        new TrainingListener() {
          int epochsEnded;

          @Override
          public void onEpochEnd(History.Epoch epoch, TrainingState state) {
            if (++epochsEnded == 3) {
              throw new IllegalStateException("simulated kill");
            }
          }
        };
    assertThrows(IllegalStateException.class, () -> experiment.run(data, List.of(crash), line -> {}));

    Path finished = out.resolve("runs/cnn-k3-seed1");
    Path interrupted = out.resolve("runs/cnn-k3-seed2");
    assertTrue(Files.isRegularFile(finished.resolve("test_metrics.json")));
    assertFalse(Files.exists(interrupted.resolve("test_metrics.json")));
    byte[] finishedMetrics = Files.readAllBytes(finished.resolve("test_metrics.json"));
    FileTime finishedTime = Files.getLastModifiedTime(finished.resolve("test_metrics.json"));
    String firstEpoch = Files.readAllLines(interrupted.resolve("history.csv")).get(1);

    List<String> log = new ArrayList<>();
    ExperimentResults results = experiment.run(data, List.of(), log::add);

    assertTrue(log.contains("  finished earlier: skipped"), String.join("\n", log));
    assertTrue(
        log.stream().anyMatch(l -> l.startsWith("Resuming ") && l.endsWith("after epoch 1")),
        String.join("\n", log));
    assertArrayEquals(finishedMetrics, Files.readAllBytes(finished.resolve("test_metrics.json")));
    assertEquals(finishedTime, Files.getLastModifiedTime(finished.resolve("test_metrics.json")));
    List<String> history = Files.readAllLines(interrupted.resolve("history.csv"));
    assertEquals(3, history.size(), "header and two epochs");
    assertEquals(firstEpoch, history.get(1), "epoch 1 kept from before the interruption");
    assertEquals(2, results.runs().size());
    assertEquals(2, results.runs().get(1).validationAccuracy().size());

    KernelSizeExperiment otherRecipe =
        new KernelSizeExperiment(List.of(3), 2, false, new ExperimentRecipe(3, 200, 2), out);
    RunFolderException e =
        assertThrows(RunFolderException.class, () -> otherRecipe.run(data, List.of(), line -> {}));
    assertTrue(e.getMessage().contains("was trained with another recipe (epochs 2"), e.getMessage());
  }

  @Test
  void plansSeedBySeedWithTheBaselineFirst() {
    KernelSizeExperiment experiment =
        new KernelSizeExperiment(List.of(3, 7), 2, true, new ExperimentRecipe(10, 0, 1), out);
    assertEquals(
        List.of(
            "baseline-seed1", "cnn-k3-seed1", "cnn-k7-seed1", "baseline-seed2", "cnn-k3-seed2",
            "cnn-k7-seed2"),
        experiment.plan().stream().map(KernelSizeExperiment.PlannedRun::folderName).toList());
    assertEquals(101_770, experiment.variants().get(0).spec().parameters());
    assertEquals(303_434, experiment.variants().get(2).spec().parameters());
  }

  @Test
  void refusesBadSettings() {
    ExperimentRecipe recipe = new ExperimentRecipe(1, 0, 1);
    assertThrows(BadOptionException.class, () -> new KernelSizeExperiment(List.of(), 1, false, recipe, out));
    assertThrows(BadOptionException.class, () -> new KernelSizeExperiment(List.of(3, 3), 1, false, recipe, out));
    assertThrows(BadOptionException.class, () -> new KernelSizeExperiment(List.of(0), 1, false, recipe, out));
    assertThrows(BadOptionException.class, () -> new KernelSizeExperiment(List.of(3), 0, false, recipe, out));
    assertThrows(BadOptionException.class, () -> new ExperimentRecipe(0, 0, 1));
    assertThrows(BadOptionException.class, () -> new ExperimentRecipe(1, 5, 1));
  }

  private static double meanSecondsPerEpoch(Path historyCsv) throws IOException {
    List<String> lines = Files.readAllLines(historyCsv);
    double sum = 0;
    for (String line : lines.subList(1, lines.size())) {
      sum += Double.parseDouble(line.split(",")[5]);
    }
    return sum / (lines.size() - 1);
  }

  private static double mean(double[] values) {
    return (values[0] + values[1]) / values.length;
  }

  /** Of two values: |a - b| / sqrt(2). */
  private static double sampleSd(double[] values) {
    return Math.abs(values[0] - values[1]) / Math.sqrt(2);
  }
}
