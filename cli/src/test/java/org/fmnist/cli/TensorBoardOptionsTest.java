package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fmnist.tensorboard.EventFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fmnist train}'s TensorBoard options on a tiny real run. */
class TensorBoardOptionsTest {
  @TempDir Path tmp;

  private static CliRun train(Path run, String... more) {
    String[] base = {
      "train", "--model", "baseline", "--epochs", "1", "--limit-train", "256", "--threads", "2",
      "--no-plots", "--run-dir", run.toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.of(args);
  }

  @Test
  void aRunWritesTensorBoardLogsUnlessAskedNotTo() {
    Path logged = tmp.resolve("logged");
    CliRun run = train(logged);
    assertEquals(0, run.exitCode(), run.err());
    for (String folder : new String[] {"train", "validation", "test"}) {
      assertEquals(1, EventFiles.in(logged.resolve("logs").resolve(folder)).size(), folder);
    }
    assertTrue(
        EventFiles.tagSteps(logged.resolve("logs/train"))
            .contains(new EventFiles.TagStep("dense/kernel/histogram", 0)));

    Path quiet = tmp.resolve("quiet");
    CliRun off = train(quiet, "--no-tensorboard");
    assertEquals(0, off.exitCode(), off.err());
    assertTrue(Files.isRegularFile(quiet.resolve("history.csv")));
    assertFalse(Files.exists(quiet.resolve("logs")), "no logs folder with --no-tensorboard");
  }

  @Test
  void aBadUpdateFrequencyIsAUsageError() {
    CliRun run = train(tmp.resolve("run"), "--tensorboard-update-freq", "0");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("give epoch, batch or a number of steps >= 1, not '0'"), run.err());
    assertFalse(Files.exists(tmp.resolve("run")));
  }
}
