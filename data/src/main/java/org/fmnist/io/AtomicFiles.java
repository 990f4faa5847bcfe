package org.fmnist.io;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes that a reader never sees half-done: content goes to a temporary sibling, is flushed to the
 * disk, then is renamed over the target in one step, and the folder's entry is flushed too (so a
 * power cut, not only a killed process, leaves the old or the new content). Each step is a {@link
 * CrashPoint}.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void writeString(Path target, String content) {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] content) {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Path folder = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(folder);
      CrashPoint.next("write", tmp);
      try (FileChannel channel = FileChannel.open(tmp, CREATE, TRUNCATE_EXISTING, WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        CrashPoint.next("fsync", tmp);
        channel.force(true);
      }
      CrashPoint.next("rename", tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder(folder);
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
    syncTree(staged);
    CrashPoint.next("delete", old);
    deleteRecursively(old);
    if (Files.exists(target)) {
      CrashPoint.next("rename", target);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    CrashPoint.next("rename", staged);
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    syncFolder(target.toAbsolutePath().getParent());
    CrashPoint.next("delete", old);
    deleteRecursively(old);
  }

  /** Flushes every file of {@code folder} (written by someone else, e.g. TensorFlow), then the folder. */
  private static void syncTree(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        CrashPoint.next("fsync", file);
        try (FileChannel channel = FileChannel.open(file, READ)) {
          channel.force(true);
        }
      }
    }
    syncFolder(folder);
  }

  /** Flushes a folder's entries (a rename in it). Windows cannot open a folder; there it is a no-op. */
  private static void syncFolder(Path folder) throws IOException {
    CrashPoint.next("fsync", folder);
    FileChannel channel;
    try {
      channel = FileChannel.open(folder, READ);
    } catch (AccessDeniedException e) {
      return;
    }
    try (channel) {
      channel.force(true);
    }
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
