package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target-accuracy} on a slice of the real data. The first epoch runs at learning rate 0,
 * so its validation accuracy is the untrained model's (near chance); the second learns at 1e-3 and
 * is far above the target: the run must stop after exactly epoch 2, whatever the machine's timing.
 */
class TargetAccuracyTest {
  private static final int TRAIN = 4000;
  private static final int BATCH = 50;
  private static final double TARGET = 0.5;

  @TempDir Path dir;

  @Test
  void stopsAfterTheFirstEpochThatReachesTheTarget() {
    FashionMnist data = RealData.get();
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    List<String> log = new ArrayList<>();

    Trainer.Result result = trainer(run, log).fit(data, false);

    List<History.Epoch> epochs = result.history().epochs();
    assertEquals(2, epochs.size(), "stopped after epoch 2 of 5");
    assertTrue(epochs.get(0).valAccuracy() < TARGET, "epoch 1 is untrained: " + epochs.get(0));
    assertTrue(epochs.get(1).valAccuracy() >= TARGET, "epoch 2 reaches it: " + epochs.get(1));
    assertTrue(result.stoppedEarly());
    assertTrue(log.stream().anyMatch(l -> l.startsWith("Reached the target val_accuracy")), log::toString);
    TrainingState saved = Checkpoints.readState(run.lastCheckpoint());
    assertEquals(2, saved.epochsDone());
    assertTrue(saved.stoppedEarly());
    assertTrue(Files.isRegularFile(run.testMetrics()));
    assertTrue(result.test().accuracy() >= TARGET, "test accuracy " + result.test().accuracy());
  }

  @Test
  void aStoppedRunResumesToNoMoreEpochsAndStaysEvaluable() {
    FashionMnist data = RealData.get();
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    Trainer.Result first = trainer(run, new ArrayList<>()).fit(data, false);

    Trainer.Result resumed = trainer(run, new ArrayList<>()).fit(data, true);

    assertEquals(first.history(), resumed.history());
    assertEquals(first.test().accuracy(), resumed.test().accuracy(), 1e-9);
    Evaluation again = RunEvaluation.evaluate(run, data.test(), 2);
    assertEquals(first.test().accuracy(), again.accuracy(), 1e-9);
  }

  private static Trainer trainer(RunDirectory run, List<String> log) {
    TrainingConfig config =
        TrainingConfig.builder().model("baseline").epochs(5).batchSize(BATCH).validationSplit(0.25).seed(11).limitTrain(TRAIN).targetAccuracy(TARGET).build();
    int stepsPerEpoch = (int) Math.ceil(TRAIN * 0.75 / BATCH);
    LearningRateSchedule frozenFirstEpoch = step -> step < stepsPerEpoch ? 0 : 1e-3;
    return new Trainer(config, RuntimeSettings.cpu(2), run, List.of(), frozenFirstEpoch, log::add);
  }
}
