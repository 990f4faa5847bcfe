package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fmnist.data.FashionMnist;
import org.fmnist.errors.BadOptionException;
import org.fmnist.errors.RunFolderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder is a transaction: no lost epochs, one writer, no garbage trained. */
class RunFolderReliabilityTest {
  @TempDir Path tmp;

  private static TrainingConfig.Builder small() {
    return TrainingConfig.builder().model("baseline").epochs(2).batchSize(64).seed(5).limitTrain(600);
  }

  private static Trainer trainer(TrainingConfig config, RunDirectory run, TrainingListener... listeners) {
    return new Trainer(config, RuntimeSettings.cpu(2), run, List.of(listeners), line -> {});
  }

  @Test
  void aKillBetweenTheCheckpointAndTheHistoryLosesNoEpoch() throws Exception {
    FashionMnist data = RealData.slice(600, 200);
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    TrainingConfig config = small().build();
    trainer(config, run).fit(data, false);
    List<String> complete = Files.readAllLines(run.historyCsv());
    String completeJson = Files.readString(run.historyJson());
    assertEquals(3, complete.size(), "header and two epochs");
    // what a kill after the epoch-2 checkpoint swap and before the history renames leaves
    Files.write(run.historyCsv(), complete.subList(0, 2));
    Files.writeString(run.historyJson(), "{}");

    trainer(config, run).fit(data, true);

    assertEquals(complete, Files.readAllLines(run.historyCsv()));
    assertEquals(completeJson, Files.readString(run.historyJson()));
  }

  @Test
  void zeroTrainingImagesAreRefusedBeforeTheRunFolderExists() {
    FashionMnist data = RealData.slice(600, 200);
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    TrainingConfig config = small().limitTrain(10).validationSplit(0.99).build();
    BadOptionException e =
        assertThrows(BadOptionException.class, () -> trainer(config, run).fit(data, false));
    assertTrue(
        e.getMessage().startsWith("0 training images after the validation split (10 images, validationSplit 0.99)"),
        e.getMessage());
    assertFalse(Files.exists(run.path()), "no run folder");
  }

  @Test
  void nonFiniteHyperParametersAreRefused() {
    for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NaN, -1}) {
      assertThrows(BadOptionException.class, () -> small().learningRate(bad).build(), "learning rate " + bad);
      assertThrows(BadOptionException.class, () -> small().validationSplit(bad).build(), "split " + bad);
      assertThrows(BadOptionException.class, () -> small().warmupEpochs(bad).build(), "warm-up " + bad);
      assertThrows(BadOptionException.class, () -> small().targetAccuracy(bad).build(), "target " + bad);
    }
  }

  @Test
  void aRunWhoseLossBecomesNanStopsAndKeepsTheLastGoodCheckpoint() throws Exception {
    FashionMnist data = RealData.slice(600, 200);
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    int stepsPerEpoch = 9; // 540 training images in batches of 64
    LearningRateSchedule explodesInEpoch2 = step -> step < stepsPerEpoch ? 1e-3 : 1e30;
    Trainer trainer =
        new Trainer(small().build(), RuntimeSettings.cpu(2), run, List.of(), explodesInEpoch2, line -> {});

    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> trainer.fit(data, false));

    assertTrue(e.getMessage().contains("at epoch 2"), e.getMessage());
    assertTrue(e.getMessage().contains("the checkpoint of epoch 1 is kept"), e.getMessage());
    assertEquals(1, Checkpoints.readState(run.lastCheckpoint()).epochsDone());
    assertEquals(2, Files.readAllLines(run.historyCsv()).size(), "header and epoch 1");
    assertFalse(Files.exists(run.testMetrics()));
  }

  @Test
  void aSecondWriterIsRefusedNamingTheFirstAndTheFolderIsFreeAfterwards() throws Exception {
    FashionMnist data = RealData.slice(600, 200);
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    TrainingConfig config = small().build();
    CountDownLatch training = new CountDownLatch(1);
    CountDownLatch refused = new CountDownLatch(1);
    TrainingListener waits =
        new TrainingListener() {
          @Override
          public void onTrainingBegin(TrainingGraph graph, RunDirectory r, TrainingState state) {
            training.countDown();
            try {
              refused.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    CompletableFuture<Trainer.Result> first =
        CompletableFuture.supplyAsync(() -> trainer(config, run, waits).fit(data, false));
    assertTrue(training.await(60, TimeUnit.SECONDS), "the first run started");

    RunFolderException resume =
        assertThrows(RunFolderException.class, () -> trainer(config, run).fit(data, true));
    RunFolderException fresh =
        assertThrows(RunFolderException.class, () -> trainer(config, run).fit(data, false));
    refused.countDown();

    String pid = Long.toString(ProcessHandle.current().pid());
    assertTrue(resume.getMessage().contains("is being trained by another process (pid " + pid + ")"), resume.getMessage());
    assertTrue(fresh.getMessage().contains("already holds a run") || fresh.getMessage().contains("pid " + pid), fresh.getMessage());
    assertEquals(2, first.get(120, TimeUnit.SECONDS).history().epochs().size());
    assertEquals(2, trainer(config, run).fit(data, true).history().epochs().size(), "free again");
  }
}
