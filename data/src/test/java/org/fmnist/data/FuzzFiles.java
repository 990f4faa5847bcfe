package org.fmnist.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Fuzz inputs written where the readers expect them: files in one scratch folder per JVM. */
final class FuzzFiles {
  /** Inputs are capped so a fuzz run's memory stays bounded (the readers stream larger files). */
  static final int MAX_BYTES = 1 << 16;

  private static final Path FOLDER = createFolder();

  private FuzzFiles() {}

  static Path write(String name, byte[] content) {
    try {
      return Files.write(FOLDER.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
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
