package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportedFolderTest {
  @TempDir Path savedModels;

  @Test
  void smoke() throws Exception {
    Path run = TrainedRuns.preset("cnn-bn", 3);
    ExportResult result =
        new ModelExporter(System.err::println)
            .export(new ExportRequest(run, savedModels, null, OptionalLong.empty(), Set.of(ExportFormat.values())));
    assertEquals(savedModels.resolve("fashion_cnn_bn").resolve("1"), result.folder());
    try (var s = Files.walk(savedModels)) {
      s.forEach(p -> System.err.println(p + " " + (Files.isRegularFile(p) ? p.toFile().length() : "")));
    }
    assertTrue(Files.isRegularFile(result.folder().resolve("model.onnx")));
  }
}
