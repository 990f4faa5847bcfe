package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fmnist train --export, export and inspect on a briefly trained baseline run: what they write,
 * and one line, exit code 1 and nothing left behind on each kind of bad input.
 */
class ExportCommandTest {
  @TempDir static Path dir;
  private static Path run;
  private static Path savedModels;

  @BeforeAll
  static void trainAndExport() {
    run = dir.resolve("run");
    savedModels = dir.resolve("saved_models");
    CliRun train =
        CliRun.of("train", "--model", "baseline", "--epochs", "1", "--limit-train", "256", "--threads", "2",
            "--run-dir", run.toString(), "--export", "--saved-models", savedModels.toString());
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("exported " + savedModels.resolve("fashion_baseline").resolve("1")), train.out());
  }

  @Test
  void trainExportWritesTheFirstVersionWithBothFormats() {
    Path version = savedModels.resolve("fashion_baseline").resolve("1");
    for (String file : List.of("saved_model.pb", "variables/variables.index", "model.onnx", "fmnist.json")) {
      assertTrue(Files.isRegularFile(version.resolve(file)), file);
    }
  }

  @Test
  void exportSelectsFormatsNameAndVersion() {
    CliRun onnx = CliRun.of("export", "--run", run.toString(), "--saved-models", savedModels.toString(),
        "--name", "only_onnx", "--format", "onnx", "--version", "3");
    assertEquals(0, onnx.exitCode(), onnx.err());
    Path version = savedModels.resolve("only_onnx").resolve("3");
    assertEquals(List.of("fmnist.json", "model.onnx"), entries(version));
    assertEquals("exported " + version + " (model.onnx, fmnist.json)\n", onnx.out());

    CliRun next = CliRun.of("export", "--run", run.toString(), "--saved-models", savedModels.toString(),
        "--name", "only_onnx", "--format", "SavedModel");
    assertEquals(0, next.exitCode(), next.err());
    assertEquals(List.of("fmnist.json", "saved_model.pb", "variables"), entries(savedModels.resolve("only_onnx").resolve("4")));
  }

  @Test
  void exportForSageMakerPrintsTheArchiveAndItsDigest() throws Exception {
    CliRun sageMaker = CliRun.of("export", "--run", run.toString(), "--saved-models", savedModels.toString(),
        "--name", "for_sagemaker", "--format", "onnx,sagemaker");
    assertEquals(0, sageMaker.exitCode(), sageMaker.err());
    Path archive = savedModels.resolve("for_sagemaker").resolve("model.tar.gz");
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
    Path version = savedModels.resolve("for_sagemaker").resolve("1");
    assertEquals(
        "exported " + version + " (saved_model.pb, variables/, model.onnx, fmnist.json)\n"
            + "wrote " + archive + " (sha256 " + sha256 + ")\n",
        sageMaker.out());
  }

  @Test
  void inspectShowsTheSignature() {
    CliRun inspect = CliRun.of("inspect", savedModels.resolve("fashion_baseline").toString());
    assertEquals(0, inspect.exitCode(), inspect.err());
    assertTrue(inspect.out().contains("Method name is: tensorflow/serving/predict"), inspect.out());
    assertTrue(inspect.out().contains("opsets: ai.onnx 13"), inspect.out());
    assertFails("no folder at", "inspect", dir.resolve("nowhere").toString());
  }

  @Test
  void existingVersionIsRefusedAndKept() throws IOException {
    Path one = savedModels.resolve("fashion_baseline").resolve("1");
    String before = Files.readString(one.resolve("fmnist.json"));
    assertFails("already exists: versions are never overwritten",
        "export", "--run", run.toString(), "--saved-models", savedModels.toString(), "--version", "1");
    assertEquals(before, Files.readString(one.resolve("fmnist.json")));
  }

  @Test
  void unknownRunFolder() {
    assertFails("no run folder at", "export", "--run", dir.resolve("nowhere").toString(), "--saved-models", savedModels.toString());
  }

  @Test
  void folderThatIsNotARun() throws IOException {
    Path notRun = Files.createDirectories(dir.resolve("not-a-run"));
    assertFails("is not a run folder (no config.json)", "export", "--run", notRun.toString(), "--saved-models", savedModels.toString());
  }

  @Test
  void runWithoutCheckpoint() throws IOException {
    Path copy = copyOfRun("no-checkpoint");
    deleteTree(copy.resolve("checkpoints"));
    assertFails("has no checkpoint yet", "export", "--run", copy.toString(), "--saved-models", savedModels.toString());
  }

  @Test
  void unfinishedRun() throws IOException {
    Path copy = copyOfRun("unfinished");
    Files.delete(copy.resolve("test_metrics.json"));
    assertFails("is incomplete: no test_metrics.json", "export", "--run", copy.toString(), "--saved-models", savedModels.toString());
  }

  @Test
  void corruptCheckpoint() throws IOException {
    Path copy = copyOfRun("corrupt");
    Files.write(copy.resolve("checkpoints/last/variables.index"), new byte[] {1, 2, 3});
    assertFails("cannot restore the weights of", "export", "--run", copy.toString(), "--saved-models", savedModels.toString());
  }

  @Test
  void unknownFormat() {
    assertUsageError("unknown --format 'tflite'",
        "export", "--run", run.toString(), "--saved-models", savedModels.toString(), "--format", "savedmodel,tflite");
  }

  @Test
  void badNameOrVersion() {
    assertUsageError("invalid model name '../up'",
        "export", "--run", run.toString(), "--saved-models", savedModels.toString(), "--name", "../up");
    assertUsageError("--version must be >= 1",
        "export", "--run", run.toString(), "--saved-models", savedModels.toString(), "--version", "0");
    assertUsageError("--version must be at most 999999999999999999 (18 digits), not 1000000000000000000",
        "export", "--run", run.toString(), "--saved-models", savedModels.toString(), "--version", "1000000000000000000");
  }

  @Test
  void unwritableTarget() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "in the way");
    assertFails("cannot export into", "export", "--run", run.toString(), "--saved-models", file.toString());
    assertEquals("in the way", Files.readString(file));
  }

  @Test
  void trainChecksExportOptionsBeforeTraining() {
    Path newRun = dir.resolve("never-trained");
    assertUsageError("unknown --format 'pb'",
        "train", "--model", "baseline", "--run-dir", newRun.toString(), "--export", "--format", "pb",
        "--saved-models", savedModels.toString());
    assertFalse(Files.exists(newRun), "the run was not started");
  }

  /** One line on stderr, exit code 1, and saved_models exactly as before. */
  private static void assertFails(String message, String... args) {
    assertFails(1, message, args);
  }

  /** The same for a bad option value: exit code 2. */
  private static void assertUsageError(String message, String... args) {
    assertFails(2, message, args);
  }

  private static void assertFails(int exitCode, String message, String... args) {
    List<String> before = tree(savedModels);
    CliRun result = CliRun.of(args);
    assertEquals(exitCode, result.exitCode(), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
    assertEquals(1, result.errorLines(), result.err());
    assertTrue(result.err().startsWith("fmnist: error: ") && result.err().contains(message), result.err());
    assertEquals("", result.out());
    assertEquals(before, tree(savedModels));
  }

  private static Path copyOfRun(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (Stream<Path> walk = Files.walk(run)) {
      for (Path p : walk.toList()) {
        Files.copy(p, copy.resolve(run.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return copy;
  }

  private static void deleteTree(Path path) throws IOException {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static List<String> entries(Path folder) {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> tree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.map(p -> root.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
