package org.fmnist.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Forces files and folders to disk, so that a version folder renamed into place after a power cut
 * never holds files whose content had not reached the disk yet.
 */
final class Fsync {
  private Fsync() {}

  /** Every file and folder under {@code root}, then {@code root} itself. */
  static void tree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.toList();
    }
    for (int i = paths.size() - 1; i >= 0; i--) {
      one(paths.get(i));
    }
  }

  static void one(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
