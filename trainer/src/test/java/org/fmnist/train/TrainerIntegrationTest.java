package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Training on a slice of the real Fashion-MNIST. */
class TrainerIntegrationTest {
  @TempDir Path tmp;

  private static TrainingConfig config(String model, int epochs, int limitTrain) {
    return TrainingConfig.builder().model(model).epochs(epochs).seed(7).limitTrain(limitTrain).build();
  }

  private static Trainer trainer(TrainingConfig config, Path dir, TrainingListener... listeners) {
    return new Trainer(config, RuntimeSettings.cpu(2), new RunDirectory(dir), List.of(listeners), line -> {});
  }

  @Test
  void aFewHundredStepsOfTheCnnClearlyBeatChance() throws Exception {
    FashionMnist data = RealData.slice(10_000, 2_000);
    Trainer.Result result = trainer(config("cnn", 1, 10_000), tmp.resolve("run")).fit(data, false);
    // 9,000 training images / 32 = 282 steps; chance is 10 %.
    assertTrue(result.test().accuracy() > 0.75, "test accuracy " + result.test().accuracy());
    History.Epoch epoch = result.history().epochs().get(0);
    assertTrue(epoch.valAccuracy() > 0.75, "val accuracy " + epoch.valAccuracy());
    assertTrue(epoch.loss() < 1.0, "train loss " + epoch.loss());
    RunDirectory run = result.run();
    for (Path p : List.of(run.config(), run.dataset(), run.summary(), run.historyCsv(), run.historyJson(), run.testMetrics(), run.confusionCsv())) {
      assertTrue(Files.isRegularFile(p), p + " written");
    }
    assertEquals(2, Files.readAllLines(run.historyCsv()).size());
    int total = 0;
    for (int[] row : result.test().confusion()) {
      for (int v : row) {
        total += v;
      }
    }
    assertEquals(2_000, total);
  }

  /** The BN model, and the CNN with augmentation, label smoothing and weight decay. */
  static List<TrainingConfig> resumable() {
    Regularization all = new Regularization(Augmentation.parse("shift:2,flip,erase:0.5"), 0.1, 1e-3);
    return List.of(
        config("cnn-bn", 3, 1_500),
        config("cnn", 3, 1_500).toBuilder().regularization(all).build());
  }

  @ParameterizedTest
  @MethodSource("resumable")
  void aRunKilledMidEpochResumesToTheSameResultAsAnUninterruptedOne(TrainingConfig config) throws Exception {
    FashionMnist data = RealData.slice(1_500, 500);

    Trainer.Result straight = trainer(config, tmp.resolve("straight")).fit(data, false);

    Path interrupted = tmp.resolve("interrupted");
    TrainingListener killer =
        new TrainingListener() {
          @Override
          public void onBatchEnd(int step, int steps, double loss, double accuracy) {
            if (lastEpoch == 2 && step == 10) {
              throw new IllegalStateException("killed");
            }
          }

          int lastEpoch;

          @Override
          public void onEpochBegin(int epoch, int epochs, int steps) {
            lastEpoch = epoch;
          }
        };
    assertThrows(IllegalStateException.class, () -> trainer(config, interrupted, killer).fit(data, false));
    assertEquals(1, Checkpoints.readState(new RunDirectory(interrupted).lastCheckpoint()).epochsDone());
    assertFalse(Files.exists(new RunDirectory(interrupted).testMetrics()));

    Trainer.Result resumed = trainer(config, interrupted).fit(data, true);

    assertEquals(straight.history(), withSecondsOf(resumed.history(), straight.history()));
    assertEquals(straight.test().accuracy(), resumed.test().accuracy());
    assertEquals(straight.test().loss(), resumed.test().loss(), 1e-9);
    assertArrayEquals(finalWeights(straight.run()), finalWeights(resumed.run()));
  }

  /** Wall-clock seconds differ between runs; everything else must be identical. */
  private static History withSecondsOf(History actual, History reference) {
    List<History.Epoch> epochs = new java.util.ArrayList<>();
    for (int i = 0; i < actual.epochs().size(); i++) {
      History.Epoch e = actual.epochs().get(i);
      double seconds = i < reference.epochs().size() ? reference.epochs().get(i).seconds() : e.seconds();
      epochs.add(new History.Epoch(e.epoch(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(), seconds, e.learningRate()));
    }
    return new History(epochs);
  }

  private static float[] finalWeights(RunDirectory run) {
    TrainingConfig config = run.readConfig();
    try (TrainingGraph graph = new TrainingGraph(config.modelSpec(), 0, Device.CPU.resolve(2))) {
      graph.restore(Checkpoints.variables(run.finalCheckpoint()));
      float[] kernel = graph.read("dense_kernel");
      float[] moving =
          config.modelSpec().name().equals("cnn-bn")
              ? graph.read("batch_normalization_3_moving_variance")
              : graph.read("conv2d_kernel");
      float[] both = java.util.Arrays.copyOf(kernel, kernel.length + moving.length);
      System.arraycopy(moving, 0, both, kernel.length, moving.length);
      return both;
    }
  }

  @Test
  void earlyStoppingRestoresTheBestEpochsWeights() {
    FashionMnist data = RealData.slice(1_000, 300);
    // A learning rate this high makes validation loss rise after the first epochs.
    TrainingConfig config =
        TrainingConfig.builder().model("baseline").epochs(8).learningRate(0.05).validationSplit(0.2).seed(3).limitTrain(1_000).earlyStoppingPatience(1).build();
    Trainer.Result result = trainer(config, tmp.resolve("es")).fit(data, false);
    List<History.Epoch> epochs = result.history().epochs();
    assertTrue(result.stoppedEarly(), "stopped early: " + epochs);
    History.Epoch last = epochs.get(epochs.size() - 1);
    History.Epoch best = epochs.stream().min(java.util.Comparator.comparingDouble(History.Epoch::valLoss)).orElseThrow();
    assertTrue(last.valLoss() >= best.valLoss());
    assertEquals(best.epoch() + 1, last.epoch(), "patience 1 stops one epoch after the best");
    assertEquals(new RunDirectory(tmp.resolve("es")).bestCheckpoint(), result.run().finalCheckpoint());
    assertEquals(best.epoch(), Checkpoints.readState(result.run().bestCheckpoint()).epochsDone());
  }
}
