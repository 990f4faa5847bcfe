package org.fmnist.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Run in its own JVM by the kill test: exports a run, and once the SavedModel is in the staging
 * folder, writes a marker file and waits to be killed. Arguments: run folder, saved_models folder,
 * marker file.
 */
public final class BlockedExport {
  private BlockedExport() {}

  public static void main(String[] args) throws Exception {
    Path marker = Path.of(args[2]);
    new ModelExporter(
            (artifact, staging) -> {
              if (artifact.equals(SavedModelWriter.GRAPH_FILE)) {
                Files.writeString(marker, staging.toString());
                try {
                  Thread.sleep(600_000);
                } catch (InterruptedException e) {
                  throw new java.io.InterruptedIOException();
                }
              }
            })
        .export(new ExportRequest(Path.of(args[0]), Path.of(args[1]), "killed", OptionalLong.empty(), Set.of(ExportFormat.values())));
  }
}
