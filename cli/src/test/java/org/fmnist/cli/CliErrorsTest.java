package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.fmnist.data.DatasetLocator;
import org.fmnist.io.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line messages of the CLI on bad input. */
class CliErrorsTest {
  private static final Path SHIPPED = ProjectRoot.current().resolve(DatasetLocator.LOCAL_DIR);

  @TempDir Path tmp;

  private static void assertFailure(CliRun run, int code, String message) {
    assertEquals(code, run.exitCode(), run.err());
    assertTrue(run.err().contains(message), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
  }

  @Test
  void summaryFlopsPrintsTheCountsPerImage() {
    CliRun run = CliRun.of("summary", "--model", "cnn", "--flops");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Forward FLOPs per image: 8079616\n"), run.out());
    assertTrue(run.out().contains("Training FLOPs per image: 23787264\n"), run.out());
  }

  @Test
  void summaryPrintsExactParameterCounts() {
    CliRun run = CliRun.of("summary", "--model", "cnn", "--kernel-size", "7");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Total params: 303,434"), run.out());
  }

  @Test
  void unknownModelFailsWithOneLine() {
    CliRun run = CliRun.of("summary", "--model", "resnet");
    assertFailure(run, 1, "fmnist: error: unknown model 'resnet'");
    assertEquals(1, run.errorLines());
  }

  @Test
  void badSpecPointsAtTheToken() {
    assertFailure(CliRun.of("summary", "--spec", "flatten dense:12x dense:10"), 1, "bad layer 2 'dense:12x'");
  }

  @Test
  void serveWithoutABasePathIsAUsageErrorUnlessSageMakersFolderExists() {
    if (Files.isDirectory(Path.of("/opt/ml/model"))) {
      return; // a SageMaker container: fmnist serve then serves /opt/ml/model
    }
    assertFailure(CliRun.of("serve"), 2, "give --model-base-path DIR or --model-config-file FILE (or --sagemaker to serve /opt/ml/model)");
    assertFailure(CliRun.of("serve", "--sagemaker"), 1, "/opt/ml/model: no such model base path");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertFailure(CliRun.of("train", "--epochz", "3"), 2, "Unknown options: '--epochz'");
  }

  @Test
  void outOfRangeOptionValuesAreUsageErrors() {
    assertFailure(CliRun.of("train", "--epochs", "0"), 2, "--epochs must be >= 1");
    assertFailure(CliRun.of("train", "--validation-split", "1.5"), 2, "--validation-split must be in [0, 1)");
    assertFailure(CliRun.of("train", "--device", "tpu"), 2, "--device must be cpu, gpu or auto");
    assertFailure(CliRun.of("train", "--threads", "0"), 2, "--threads must be >= 1, not 0");
    assertFailure(
        CliRun.of("train", "--early-stopping-patience", "2", "--validation-split", "0"),
        2,
        "--early-stopping-patience watches the validation loss: it needs --validation-split > 0");
  }

  @Test
  void missingDataSaysWhereItLookedAndHowToGetIt() {
    assertFailure(CliRun.of("data", "info", "--data-dir", tmp.resolve("none").toString()), 1, tmp.resolve("none").toString());
  }

  @Test
  void truncatedImageFileFails() throws IOException {
    Path dir = tmp.resolve("truncated");
    Files.createDirectories(dir);
    for (String name : new String[] {"train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
      Files.copy(SHIPPED.resolve(name + ".gz"), dir.resolve(name + ".gz"));
    }
    try (var in = new GZIPInputStream(Files.newInputStream(SHIPPED.resolve("train-images-idx3-ubyte.gz")));
        OutputStream out = Files.newOutputStream(dir.resolve("train-images-idx3-ubyte"))) {
      out.write(in.readNBytes(16 + 784 * 100));
    }
    CliRun run = CliRun.of("train", "--data-dir", dir.toString(), "--epochs", "1", "--run-dir", tmp.resolve("run").toString());
    assertFailure(run, 1, "train-images-idx3-ubyte");
    assertTrue(run.err().toLowerCase(Locale.ROOT).contains("truncated"), run.err());
    assertFalse(Files.exists(tmp.resolve("run").resolve("checkpoints")), "no run left behind");
  }

  @Test
  void aNewRunIsNotMixedIntoAnExistingRunFolder() throws IOException {
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve("config.json"), "{}");
    assertFailure(
        CliRun.of("train", "--epochs", "1", "--limit-train", "100", "--run-dir", run.toString()),
        1,
        run + " already holds a run: resume it, or train into another folder");
    assertEquals("{}", Files.readString(run.resolve("config.json")));
    assertFalse(Files.exists(run.resolve("checkpoints")), "nothing written into the old run");
  }

  @Test
  void resumeRefusesOptionsThatWouldChangeTheRunsConfig() {
    CliRun run = CliRun.of("train", "--resume", tmp.toString(), "--epochs", "5", "--learning-rate", "0.01", "--no-plots");
    assertFailure(run, 2, "--resume continues the run with the config it was started with: drop --epochs, --learning-rate");
  }

  @Test
  void evaluatingSomethingThatIsNotARunFails() {
    assertFailure(CliRun.of("evaluate", "--run", tmp.toString()), 1, "is not a run folder");
    assertFailure(CliRun.of("evaluate", "--run", tmp.resolve("nope").toString()), 1, "no run folder at");
  }
}
