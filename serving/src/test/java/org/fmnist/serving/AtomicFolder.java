package org.fmnist.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Puts a finished version folder in place in one rename, as fmnist's exporter does. */
public final class AtomicFolder {
  private AtomicFolder() {}

  public static void replace(Path source, Path target) {
    try {
      if (Files.exists(target)) {
        try (Stream<Path> paths = Files.walk(target)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
