package org.fmnist.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes that a reader never sees half-done: content goes to a temporary sibling, then is renamed
 * over the target in one step.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void writeString(Path target, String content) {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] content) {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.write(tmp, content);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces directory {@code target} by the fully written {@code staged} one. A crash leaves
   * either the old or the new directory under {@code target}, or the old one under {@code
   * target.old} (which {@link #recoverDirectory} puts back).
   */
  public static void replaceDirectory(Path staged, Path target) throws IOException {
    Path old = target.resolveSibling(target.getFileName() + ".old");
    deleteRecursively(old);
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    deleteRecursively(old);
  }

  /** Puts back a directory that a crash inside {@link #replaceDirectory} left aside. */
  public static void recoverDirectory(Path target) throws IOException {
    Path old = target.resolveSibling(target.getFileName() + ".old");
    if (!Files.exists(target) && Files.exists(old)) {
      Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  public static void deleteQuietly(Path path) {
    try {
      deleteRecursively(path);
    } catch (IOException ignored) {
      // best effort: the caller is already reporting a failure
    }
  }
}
