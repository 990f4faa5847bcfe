package org.fmnist.serving.models;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the {@code --model_config_file} reader: any text is a set of models
 * or an IllegalArgumentException with the reason (what {@code fmnist serve} reports in one line).
 */
class ModelConfigFileFuzzTest {
  private static final int MAX_BYTES = 1 << 16;
  private static final Path FILE = scratchFile();

  @FuzzTest(maxDuration = "60s")
  void read(byte[] text) throws IOException {
    if (text.length > MAX_BYTES) {
      return;
    }
    Files.write(FILE, text);
    try {
      ModelConfigFile.read(FILE);
    } catch (IllegalArgumentException expected) {
      // a one-line reason is the reader's answer to a bad config
    }
  }

  private static Path scratchFile() {
    try {
      Path folder = Files.createTempDirectory("fmnist-fuzz");
      folder.toFile().deleteOnExit();
      return folder.resolve("models.config");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
