package org.fmnist.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fuzz inputs as the files the readers take: one scratch folder per JVM, bounded in size. */
final class FuzzFiles {
  /** Inputs are capped so a fuzz run's memory stays bounded (the readers stream larger files). */
  static final int MAX_BYTES = 1 << 16;

  private static final Path FOLDER = createFolder();

  private FuzzFiles() {}

  static Path write(String name, byte[] content) {
    return TestData.write(FOLDER.resolve(name), content);
  }

  private static Path createFolder() {
    try {
      Path folder = Files.createTempDirectory("fmnist-fuzz");
      folder.toFile().deleteOnExit();
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
