package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --test-every-epoch}: one test_curve.csv row per epoch, kept across a resume. */
class TestCurveTest {
  @TempDir Path dir;

  @Test
  void recordsEachEpochAndAResumedRunContinuesTheCurve() throws Exception {
    FashionMnist data = RealData.get();
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    Trainer.Result first = fit(data, run, 1, false);
    List<String> afterOne = Files.readAllLines(run.testCurve());
    assertEquals(List.of(TestCurve.HEADER), afterOne.subList(0, 1));
    assertEquals(2, afterOne.size());
    double accuracy = Double.parseDouble(afterOne.get(1).split(",")[2]);
    assertEquals(first.test().accuracy(), accuracy, 1e-6, "same weights, same test set");

    // A row for an epoch the checkpoint does not hold (killed after writing it) is replaced.
    Files.writeString(run.testCurve(), String.join("\n", afterOne) + "\n2,9.0,0.0\n");
    Trainer.Result second = fit(data, run, 2, true);

    List<String> rows = Files.readAllLines(run.testCurve());
    assertEquals(3, rows.size(), rows.toString());
    assertEquals(afterOne.get(1), rows.get(1));
    assertTrue(rows.get(2).startsWith("2,"), rows.toString());
    assertEquals(second.test().accuracy(), Double.parseDouble(rows.get(2).split(",")[2]), 1e-6);
  }

  private static Trainer.Result fit(FashionMnist data, RunDirectory run, int epochs, boolean resume) {
    TrainingConfig config =
        new TrainingConfig(
            "baseline", null, 3, epochs, 64, 1e-3, 0.1, 3, 2000, 0, Device.CPU, 2, Precision.FP32,
            0, false, 0);
    TestCurve curve = new TestCurve(data.test(), run, line -> {});
    return new Trainer(config, run, List.of(curve), line -> {}).fit(data, resume);
  }
}
