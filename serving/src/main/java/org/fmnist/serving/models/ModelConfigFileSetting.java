package org.fmnist.serving.models;

import java.nio.file.Path;
import java.time.Duration;

/** A TF Serving model config file to serve from, re-read every {@code pollWait} (zero: read once, as TF Serving's default). */
public record ModelConfigFileSetting(Path file, Duration pollWait) {
  public ModelConfigFileSetting {
    if (pollWait.isNegative()) {
      throw new IllegalArgumentException("the model config file poll wait must not be negative, got " + pollWait);
    }
  }
}
