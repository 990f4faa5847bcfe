package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --test-every-epoch}: one test_curve.csv row per epoch, kept across a resume. */
class TestCurveTest {
  @TempDir Path dir;

  @Test
  void recordsEachEpochAndAResumedRunContinuesTheCurve() throws Exception {
    FashionMnist data = RealData.get();
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    TrainingListener killedAfterEpoch1 =
        new TrainingListener() {
          @Override
          public void onEpochEnd(History.Epoch epoch, TrainingState state) {
            throw new IllegalStateException("killed");
          }
        };
    assertThrows(IllegalStateException.class, () -> fit(data, run, false, killedAfterEpoch1));
    List<String> afterOne = Files.readAllLines(run.testCurve());
    assertEquals(List.of(TestCurve.HEADER), afterOne.subList(0, 1));
    assertEquals(2, afterOne.size());
    double accuracy = Double.parseDouble(afterOne.get(1).split(",")[2]);
    Evaluation epochOne = RunEvaluation.evaluate(run, data.test(), 2);
    assertEquals(epochOne.accuracy(), accuracy, 1e-6, "same weights, same test set");

    // A row for an epoch the checkpoint does not hold (killed after writing it) is replaced.
    Files.writeString(run.testCurve(), String.join("\n", afterOne) + "\n2,9.0,0.0\n");
    Trainer.Result second = fit(data, run, true);

    List<String> rows = Files.readAllLines(run.testCurve());
    assertEquals(3, rows.size(), rows.toString());
    assertEquals(afterOne.get(1), rows.get(1));
    assertTrue(rows.get(2).startsWith("2,"), rows.toString());
    assertEquals(second.test().accuracy(), Double.parseDouble(rows.get(2).split(",")[2]), 1e-6);
  }

  private static Trainer.Result fit(
      FashionMnist data, RunDirectory run, boolean resume, TrainingListener... more) {
    TrainingConfig config =
        TrainingConfig.builder().model("baseline").epochs(2).batchSize(64).seed(3).limitTrain(2000).build();
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(new TestCurve(data.test(), run, line -> {}));
    listeners.addAll(List.of(more));
    return new Trainer(config, RuntimeSettings.cpu(2), run, listeners, line -> {}).fit(data, resume);
  }
}
