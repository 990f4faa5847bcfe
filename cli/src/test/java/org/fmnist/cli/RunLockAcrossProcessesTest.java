package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code fmnist train} processes on one run folder: the second is refused, naming the first. */
class RunLockAcrossProcessesTest {
  @TempDir Path tmp;

  @Test
  void aSecondTrainOnARunFolderInUseIsRefusedWithTheOthersPid() throws Exception {
    Path run = tmp.resolve("run");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Fmnist.class.getName(),
        "train", "--model", "cnn-small", "--epochs", "3", "--limit-train", "20000", "--threads", "1",
        "--no-plots", "--run-dir", run.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process child = builder.start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null && !line.equals("Epoch 1/3")) {
        seen.append(line).append('\n');
      }
      assertTrue(child.isAlive(), "the first run is training:\n" + seen);

      CliRun resume = CliRun.of("train", "--resume", run.toString(), "--no-plots");
      CliRun fresh =
          CliRun.of("train", "--model", "baseline", "--epochs", "1", "--no-plots", "--run-dir", run.toString());

      assertEquals(1, resume.exitCode(), resume.err());
      assertTrue(
          resume.err().contains(run + " is being trained by another process (pid " + child.pid() + ")"),
          resume.err());
      assertEquals(1, fresh.exitCode(), fresh.err());
      assertTrue(fresh.err().contains(run + " already holds a run"), fresh.err());
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child ended");
    }
  }
}
