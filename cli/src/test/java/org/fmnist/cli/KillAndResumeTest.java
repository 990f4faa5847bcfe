package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmnist train} killed with SIGKILL in the middle of an epoch, then {@code --resume}d, ends
 * exactly where an uninterrupted run ends.
 */
class KillAndResumeTest {
  @TempDir Path tmp;

  private static List<String> trainArgs(Path runDir) {
    return List.of(
        "train", "--model", "cnn-small", "--epochs", "3", "--limit-train", "20000", "--threads", "2",
        "--no-plots", "--run-dir", runDir.toString());
  }

  @Test
  void aRunKilledMidEpochResumesToTheUninterruptedResult() throws Exception {
    Path killed = tmp.resolve("killed");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Fmnist.class.getName()));
    command.addAll(trainArgs(killed));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process child = builder.start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.equals("Epoch 2/3")) {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child ended");
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL:\n" + seen);
    assertTrue(Files.isRegularFile(killed.resolve("checkpoints/last/state.json")), seen.toString());

    CliRun resumed = CliRun.of("train", "--resume", killed.toString(), "--no-plots");
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.err().contains("after epoch 1"), resumed.err());
    assertTrue(!resumed.err().contains("Epoch 1/3"), "epoch 1 is not trained again");

    Path straight = tmp.resolve("straight");
    CliRun uninterrupted = CliRun.of(trainArgs(straight).toArray(String[]::new));
    assertEquals(0, uninterrupted.exitCode(), uninterrupted.err());

    assertEquals(withoutSeconds(straight), withoutSeconds(killed));
    assertEquals(
        Files.readString(straight.resolve("confusion_matrix.csv")),
        Files.readString(killed.resolve("confusion_matrix.csv")));
    assertEquals(testLine(uninterrupted.out()), testLine(resumed.out()));
  }

  /** history.csv without its wall-clock column. */
  private static List<String> withoutSeconds(Path run) throws Exception {
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("history.csv"))) {
      String[] cells = line.split(",");
      cells[5] = "";
      rows.add(String.join(",", cells));
    }
    return rows;
  }

  private static String testLine(String out) {
    return out.lines().filter(l -> l.startsWith("test_loss")).findFirst().orElseThrow();
  }
}
