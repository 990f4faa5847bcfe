package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fmnist.data.DatasetLocator;
import org.fmnist.io.CrashPoint;
import org.fmnist.io.Json;
import org.fmnist.io.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmnist train} in a child JVM halted (as kill -9 would) just before one step of a file
 * commit, then {@code --resume}d, ends with the run folder of an uninterrupted run: the same files,
 * history, weights, optimizer state and test metrics, bit for bit (the epochs' wall-clock seconds
 * aside). The steps are the ones {@link CrashPoint} names, traced from the uninterrupted run: every
 * step of epoch 2's checkpoint and history commit (write, fsync, rename of each file, the swap of
 * the checkpoint folder), every rename of the whole run, and its first and last step.
 */
class KillAnywhereTest {
  private static final Path DATA = ProjectRoot.current().resolve(DatasetLocator.LOCAL_DIR).toAbsolutePath();
  private static final String RUN = "run";
  private static final List<String> TRAIN =
      List.of(
          "train", "--model", "baseline", "--epochs", "3", "--limit-train", "600", "--batch-size", "64",
          "--threads", "1", "--no-plots", "--no-tensorboard", "--data-dir", DATA.toString(),
          "--run-dir", RUN);
  private static final List<String> RESUME =
      List.of("train", "--resume", RUN, "--no-plots", "--no-tensorboard", "--data-dir", DATA.toString());

  @TempDir Path tmp;

  @Test
  void aRunHaltedBeforeAnyCommitStepResumesToTheUninterruptedRunFolder() throws Exception {
    Path straight = Files.createDirectories(tmp.resolve("straight"));
    Path trace = tmp.resolve("trace.txt");
    Child uninterrupted = Child.run(straight, TRAIN, "-Dfmnist.crashPoint.trace=" + trace);
    assertEquals(0, uninterrupted.exitCode(), uninterrupted.output());
    List<String> steps = killPoints(Files.readAllLines(trace));
    assertTrue(steps.size() >= 30, "steps to halt at: " + steps);

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> checks = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        Path folder = Files.createDirectories(tmp.resolve("halt-" + i));
        String step = steps.get(i);
        checks.add(pool.submit(() -> haltResumeAndCompare(folder, step, straight, uninterrupted)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<String> check : checks) {
        String failure = check.get(10, TimeUnit.MINUTES);
        if (!failure.isEmpty()) {
          failures.add(failure);
        }
      }
      assertEquals(List.of(), failures, failures.size() + " of " + steps.size() + " kill points differ");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every step of epoch 2's commit, every rename, the first and the last step. */
  private static List<String> killPoints(List<String> trace) {
    int epoch2 = trace.indexOf("save run/checkpoints/last.staging/variables #2");
    int epoch3 = trace.indexOf("save run/checkpoints/last.staging/variables #3");
    assertTrue(epoch2 > 0 && epoch3 > epoch2, "three checkpoints traced: " + trace);
    List<String> points = new ArrayList<>();
    for (int i = 0; i < trace.size(); i++) {
      String step = trace.get(i);
      if ((i >= epoch2 && i < epoch3) || step.startsWith("rename ") || i == 0 || i == trace.size() - 1) {
        points.add(step);
      }
    }
    return points;
  }

  /** The empty string when the halted-and-resumed run ends as the uninterrupted one; else why not. */
  private static String haltResumeAndCompare(Path folder, String step, Path straight, Child uninterrupted)
      throws Exception {
    Child halted = Child.run(folder, TRAIN, "-Dfmnist.crashPoint.haltAt=" + step);
    if (halted.exitCode() != CrashPoint.HALT_EXIT_CODE) {
      return step + ": not halted (exit " + halted.exitCode() + "):\n" + halted.output();
    }
    // before config.json is committed the folder holds no run yet: the same command starts it again
    boolean started = Files.isRegularFile(folder.resolve(RUN).resolve("config.json"));
    Child resumed = Child.run(folder, started ? RESUME : TRAIN);
    if (resumed.exitCode() != 0) {
      return step + ": the resume failed (exit " + resumed.exitCode() + "):\n" + resumed.output();
    }
    List<String> differences = differences(straight.resolve(RUN), folder.resolve(RUN));
    if (!testLine(uninterrupted).equals(testLine(resumed))) {
      differences.add("printed test metrics: " + testLine(resumed) + " instead of " + testLine(uninterrupted));
    }
    return differences.isEmpty() ? "" : step + ": " + String.join("; ", differences);
  }

  /** What differs between two run folders, comparing every file byte for byte but the seconds. */
  private static List<String> differences(Path expected, Path actual) throws IOException {
    List<String> differences = new ArrayList<>();
    List<Path> expectedFiles = files(expected);
    List<Path> actualFiles = files(actual);
    if (!expectedFiles.equals(actualFiles)) {
      differences.add("files " + actualFiles + " instead of " + expectedFiles);
    }
    for (Path file : expectedFiles) {
      if (!Files.exists(actual.resolve(file)) || file.toString().equals(".lock")) {
        continue; // missing: reported above; .lock holds the writer's pid
      }
      byte[] want = comparable(expected.resolve(file));
      byte[] got = comparable(actual.resolve(file));
      if (!Arrays.equals(want, got)) {
        differences.add(file + " differs");
      }
    }
    return differences;
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  /** The file's bytes; for history and training state, without the wall-clock seconds of each epoch. */
  private static byte[] comparable(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.equals("history.csv")) {
      List<String> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] cells = line.split(",", -1);
        cells[5] = "";
        rows.add(String.join(",", cells));
      }
      return String.join("\n", rows).getBytes(StandardCharsets.UTF_8);
    }
    if (name.equals("history.json") || name.equals("state.json")) {
      JsonNode tree = Json.MAPPER.readTree(file.toFile());
      tree.findParents("seconds").forEach(epoch -> ((ObjectNode) epoch).remove("seconds"));
      return Json.MAPPER.writeValueAsBytes(tree);
    }
    return Files.readAllBytes(file);
  }

  private static String testLine(Child child) {
    return child.output().lines().filter(l -> l.startsWith("test_loss")).findFirst().orElse("(none)");
  }

  /**
   * {@code fmnist} in a JVM of its own, working in {@code folder}; the JIT's first tier and the
   * serial collector: a third less CPU for a short run, the same results (Java's arithmetic is
   * strict, the numerics are TensorFlow's).
   */
  private record Child(int exitCode, String output) {
    static Child run(Path folder, List<String> args, String... jvmOptions) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      command.addAll(List.of(jvmOptions));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Fmnist.class.getName()));
      command.addAll(args);
      Path log = folder.resolve("output-" + System.nanoTime() + ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("fmnist " + args + " did not end in 5 minutes");
      }
      String output = Files.readString(log);
      Files.delete(log);
      return new Child(process.exitValue(), output);
    }
  }
}
