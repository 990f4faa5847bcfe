package org.fmnist.serving.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The names, sizes and modification times of a folder's files: a version folder that failed to
 * load is tried again only once this has changed (it may have been still copying).
 */
record FolderSnapshot(List<String> files) {
  static FolderSnapshot of(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      return new FolderSnapshot(
          paths
              .filter(Files::isRegularFile)
              .map(file -> describe(folder, file))
              .sorted()
              .toList());
    } catch (IOException | UncheckedIOException e) {
      return new FolderSnapshot(List.of("unreadable: " + e.getMessage()));
    }
  }

  private static String describe(Path folder, Path file) {
    try {
      return folder.relativize(file) + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return folder.relativize(file) + " unreadable";
    }
  }
}
