package org.fmnist.cli;

import org.fmnist.export.ExportResult;

final class Exports {
  private Exports() {}

  /** {@code exported saved_models/fashion_cnn_k3/1 (saved_model.pb, variables/, ...)}. */
  static String describe(ExportResult result) {
    return "exported " + result.folder() + " (" + String.join(", ", result.artifacts()) + ")";
  }
}
