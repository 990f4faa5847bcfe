package org.fmnist.export;

import java.nio.file.Path;
import java.util.List;

/** Where an export went: the version folder, its number and the artifacts in it. */
public record ExportResult(Path folder, long version, List<String> artifacts) {
  public ExportResult {
    artifacts = List.copyOf(artifacts);
  }
}
