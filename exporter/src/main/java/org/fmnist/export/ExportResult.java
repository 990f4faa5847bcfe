package org.fmnist.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where an export went: the version folder, its number and the artifacts in it, and the SageMaker
 * archive beside it when one was asked for.
 */
public record ExportResult(Path folder, long version, List<String> artifacts, Optional<Archive> archive) {
  /** A file written beside the version folder and the SHA-256 of its content (hex). */
  public record Archive(Path file, String sha256) {}

  public ExportResult {
    artifacts = List.copyOf(artifacts);
  }
}
