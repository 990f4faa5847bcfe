package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * {@code --format sagemaker}: {@code model.tar.gz} beside the version folder, read back by GNU tar
 * (an outside reader) and loaded by TF Java after unpacking, as SageMaker's container does.
 */
class SageMakerArchiveTest {
  @TempDir Path savedModels;
  @TempDir Path unpacked;

  private final Path run = TrainedRuns.preset("baseline", 3);

  @Test
  void archiveHoldsTheVersionsSavedModelAndProvenanceUnderItsNumber() throws Exception {
    ExportResult result = export(Set.of(ExportFormat.SAGEMAKER), OptionalLong.of(4));
    Path archive = savedModels.resolve("m").resolve("model.tar.gz");
    assertEquals(archive, result.archive().orElseThrow().file());
    assertEquals(sha256(archive), result.archive().orElseThrow().sha256());
    assertEquals(List.of("saved_model.pb", "variables/", "fmnist.json"), result.artifacts());

    List<String> listed = tar("-tzf", archive.toString()).lines().sorted().toList();
    assertEquals(
        List.of("4/", "4/fmnist.json", "4/saved_model.pb", "4/variables/",
            "4/variables/variables.data-00000-of-00001", "4/variables/variables.index"),
        listed);

    tar("-xzf", archive.toString(), "-C", unpacked.toString());
    for (String file : List.of("saved_model.pb", "fmnist.json", "variables/variables.index", "variables/variables.data-00000-of-00001")) {
      assertArrayEquals(Files.readAllBytes(result.folder().resolve(file)), Files.readAllBytes(unpacked.resolve("4").resolve(file)), file);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(unpacked.resolve("4").toString(), "serve")) {
      assertEquals("tensorflow/serving/predict", bundle.function("serving_default").signature().methodName());
    }
  }

  @Test
  void theNextSageMakerExportReplacesTheArchiveWithItsVersion() throws Exception {
    export(Set.of(ExportFormat.SAGEMAKER), OptionalLong.empty());
    ExportResult second = export(Set.of(ExportFormat.SAGEMAKER, ExportFormat.ONNX), OptionalLong.empty());
    assertEquals(2, second.version());
    String listed = tar("-tzf", second.archive().orElseThrow().file().toString());
    assertTrue(listed.contains("2/saved_model.pb") && !listed.contains("1/") && !listed.contains("model.onnx"), listed);
    assertTrue(Files.isRegularFile(second.folder().resolve("model.onnx")));
    assertEquals(List.of(".fmnist-export.lock", "1", "2", "model.tar.gz"), entries(savedModels.resolve("m")));
  }

  @Test
  void aFailureWhileArchivingLeavesTheOldArchiveAndNoVersion() throws Exception {
    export(Set.of(ExportFormat.SAGEMAKER), OptionalLong.empty());
    Path archive = savedModels.resolve("m").resolve("model.tar.gz");
    String before = sha256(archive);
    ModelExporter failing =
        new ModelExporter(
            (artifact, staging) -> {
              if (artifact.equals(SageMakerArchive.FILE)) {
                throw new IOException("No space left on device (simulated)");
              }
            });
    ExportRequest request = new ExportRequest(run, savedModels, "m", OptionalLong.empty(), Set.of(ExportFormat.SAGEMAKER));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> failing.export(request));
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertEquals(List.of(".fmnist-export.lock", "1", "model.tar.gz"), entries(savedModels.resolve("m")));
    assertEquals(before, sha256(archive));
  }

  @Test
  void anExportWithoutSageMakerWritesNoArchive() {
    ExportResult result = export(Set.of(ExportFormat.SAVEDMODEL), OptionalLong.empty());
    assertTrue(result.archive().isEmpty());
    assertTrue(Files.notExists(savedModels.resolve("m").resolve("model.tar.gz")));
  }

  private ExportResult export(Set<ExportFormat> formats, OptionalLong version) {
    return new ModelExporter().export(new ExportRequest(run, savedModels, "m", version, formats));
  }

  private static String tar(String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("tar"), Stream.of(args)).toList()).redirectErrorStream(true);
    Process tar = builder.start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, tar.exitValue(), "tar " + String.join(" ", args) + ": " + output);
    return output;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
