package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmnist.data.DatasetLocator;
import org.fmnist.io.ProjectRoot;
import org.fmnist.model.Precision;
import org.fmnist.train.Augmentation;
import org.fmnist.train.CpuFeatures;
import org.fmnist.train.Device;
import org.fmnist.train.Recipe;
import org.fmnist.train.Regularization;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fmnist train}'s speed options: --recipe, --precision, --lr-schedule, --target-accuracy. */
class TrainSpeedOptionsTest {
  @TempDir Path dir;

  private record Outcome(int exitCode, String stderr) {}

  private static Outcome run(String... args) {
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      return new Outcome(Fmnist.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
  }

  @Test
  void badValuesGetOneLineAndExitCode2() {
    assertError("--precision must be fp32 or bf16, not 'fp16'", "train", "--precision", "fp16");
    assertError("--recipe must be standard, fast, balanced or best, not 'turbo'", "train", "--recipe", "turbo");
    assertError(
        "--augment: unknown augmentation 'rotate:3' (known: shift:PIXELS, flip, erase:P[:SIZE], none)",
        "train", "--augment", "shift:1,rotate:3");
    assertError("--label-smoothing must be in [0, 1), not 1.0", "train", "--label-smoothing", "1");
    assertError(
        "--lr-schedule must be constant or cosine, not 'step'", "train", "--lr-schedule", "step");
    assertError(
        "--target-accuracy must be in (0, 1] (0: off), not 1.5", "train", "--target-accuracy", "1.5");
    assertError(
        "--target-accuracy watches the validation accuracy: it needs --validation-split > 0",
        "train", "--target-accuracy", "0.9", "--validation-split", "0");
    assertError(
        "--warmup-epochs must be in [0, --epochs], not 3.0",
        "train", "--warmup-epochs", "3", "--epochs", "2");
  }

  private static void assertError(String message, String... args) {
    Outcome outcome = run(args);
    assertEquals(Fmnist.USAGE, outcome.exitCode(), outcome.stderr());
    List<String> lines = outcome.stderr().lines().toList();
    assertEquals(List.of("fmnist: error: " + message), lines);
  }

  @Test
  void theFastRecipeFillsTheConfigAndExplicitOptionsWin() throws Exception {
    Path runDir = dir.resolve("fast");
    Outcome outcome =
        run(
            "train", "--recipe", "fast", "--epochs", "1", "--limit-train", "1200", "--seed", "3",
            "--data-dir", ProjectRoot.current().resolve(DatasetLocator.LOCAL_DIR).toString(), "--run-dir", runDir.toString(),
            "--test-every-epoch");
    assertEquals(Fmnist.OK, outcome.exitCode(), outcome.stderr());

    TrainingConfig config = RunDirectory.open(runDir).readConfig();
    assertEquals(1, config.epochs(), "explicit --epochs wins over the recipe's");
    assertEquals("cnn-bn-strided", config.model());
    assertEquals(256, config.batchSize());
    assertEquals(5e-3, config.learningRate());
    assertEquals(0.3, config.warmupEpochs());
    assertEquals(0, config.validationSplit(), "the speedrun skips the validation pass");
    assertTrue(config.cosineDecay());
    Precision expected = CpuFeatures.detect().nativeBf16() ? Precision.BF16 : Precision.FP32;
    assertEquals(expected, config.precision());
    List<String> curve = Files.readAllLines(runDir.resolve("test_curve.csv"));
    assertEquals("epoch,test_loss,test_accuracy", curve.get(0));
    assertEquals(2, curve.size());
    assertTrue(curve.get(1).startsWith("1,"), curve.toString());
  }

  @Test
  void theBestRecipeBringsItsModelAndRegularizationAndExplicitOptionsWin() {
    Path runDir = dir.resolve("best");
    Outcome outcome =
        run(
            "train", "--recipe", "best", "--epochs", "1", "--limit-train", "600", "--augment", "flip",
            "--label-smoothing", "0.2", "--run-dir", runDir.toString(), "--no-plots");
    assertEquals(Fmnist.OK, outcome.exitCode(), outcome.stderr());
    TrainingConfig config = RunDirectory.open(runDir).readConfig();
    Recipe.Defaults best = Recipe.BEST.defaults(CpuFeatures.detect(), Device.CPU);
    assertEquals(best.model(), config.model());
    assertEquals(best.batchSize(), config.batchSize());
    assertEquals(
        new Regularization(Augmentation.parse("flip"), 0.2, best.regularization().weightDecay()),
        config.regularization());
    assertTrue(outcome.stderr().contains("Regularization: augment flip, label smoothing 0.2, weight decay "), outcome.stderr());

    Outcome resumed = run("train", "--resume", runDir.toString(), "--augment", "none");
    assertEquals(Fmnist.USAGE, resumed.exitCode());
    assertTrue(resumed.stderr().contains("drop --augment"), resumed.stderr());
  }
}
