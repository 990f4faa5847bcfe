package org.fmnist.cli;

import org.fmnist.export.ExportResult;

final class Exports {
  private Exports() {}

  /**
   * {@code exported saved_models/fashion_cnn_k3/1 (saved_model.pb, variables/, ...)}, and a second
   * line {@code wrote saved_models/fashion_cnn_k3/model.tar.gz (sha256 ...)} with the SageMaker archive.
   */
  static String describe(ExportResult result) {
    String folder = "exported " + result.folder() + " (" + String.join(", ", result.artifacts()) + ")";
    return result
        .archive()
        .map(archive -> folder + System.lineSeparator() + "wrote " + archive.file() + " (sha256 " + archive.sha256() + ")")
        .orElse(folder);
  }
}
