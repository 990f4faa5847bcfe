package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fmnist.errors.ModelFolderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions are numbered, never overwritten, and published whole or not at all. */
class AtomicExportTest {
  @TempDir Path savedModels;

  private final Path run = TrainedRuns.preset("baseline", 3);

  @Test
  void versionsCountUpAndAnExplicitOneIsNeverOverwritten() throws Exception {
    assertEquals(1, export(OptionalLong.empty()).version());
    assertEquals(2, export(OptionalLong.empty()).version());
    Files.createDirectories(savedModels.resolve("m").resolve("notes"));
    assertEquals(7, export(OptionalLong.of(7)).version());
    assertEquals(8, export(OptionalLong.empty()).version());

    Path seven = savedModels.resolve("m").resolve("7");
    FileTime before = Files.getLastModifiedTime(seven.resolve("fmnist.json"));
    String content = Files.readString(seven.resolve("fmnist.json"));
    ModelFolderException e = assertThrows(ModelFolderException.class, () -> export(OptionalLong.of(7)));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals(content, Files.readString(seven.resolve("fmnist.json")));
    assertEquals(before, Files.getLastModifiedTime(seven.resolve("fmnist.json")));
    assertEquals(List.of(".fmnist-export.lock", "1", "2", "7", "8", "model.tar.gz", "notes"), entries(savedModels.resolve("m")));
  }

  @Test
  void aFailureMidwayLeavesNoVersionFolderAndNothingElse() {
    ModelExporter failing =
        new ModelExporter(
            (artifact, staging) -> {
              assertTrue(Files.isRegularFile(staging.resolve("saved_model.pb")));
              if (artifact.equals(SavedModelWriter.GRAPH_FILE)) {
                throw new IOException("No space left on device (simulated)");
              }
            });
    ExportRequest intoNewFolders =
        new ExportRequest(run, savedModels.resolve("new/deeper"), "m", OptionalLong.empty(), Set.of(ExportFormat.values()));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> failing.export(intoNewFolders));
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertEquals(List.of(), entries(savedModels), "the folders the first export created are removed again");

    assertEquals(1, export(OptionalLong.empty()).version());
    assertThrows(UncheckedIOException.class, () -> failing.export(request(OptionalLong.empty())));
    assertEquals(List.of(".fmnist-export.lock", "1", "model.tar.gz"), entries(savedModels.resolve("m")));
  }

  @Test
  void aKilledExportLeavesNoVersionFolderAndTheNextExportCleansUp() throws Exception {
    Path marker = savedModels.resolveSibling(savedModels.getFileName() + ".marker");
    Path log = savedModels.resolveSibling(savedModels.getFileName() + ".log");
    Process child = ChildJvm.start(BlockedExport.class, log, run.toString(), savedModels.toString(), marker.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(marker), "the child never reached the SavedModel: " + Files.readString(log));
      child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
      Files.deleteIfExists(marker);
      Files.deleteIfExists(log);
    }
    Path base = savedModels.resolve("killed");
    List<String> left = entries(base);
    assertTrue(left.stream().noneMatch(name -> name.matches("[0-9]+")), "numeric folder left: " + left);
    assertTrue(left.stream().anyMatch(name -> name.startsWith(".tmp-1-")), "the kill hit mid-write: " + left);

    ExportResult next =
        new ModelExporter()
            .export(new ExportRequest(run, savedModels, "killed", OptionalLong.empty(), Set.of(ExportFormat.values())));
    assertEquals(1, next.version());
    assertEquals(List.of(".fmnist-export.lock", "1", "model.tar.gz"), entries(base));
  }

  private ExportResult export(OptionalLong version) {
    return new ModelExporter().export(request(version));
  }

  private ExportRequest request(OptionalLong version) {
    return new ExportRequest(run, savedModels, "m", version, Set.of(ExportFormat.values()));
  }

  private static List<String> entries(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
