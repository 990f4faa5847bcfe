package org.fmnist.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * TensorFlow Serving's layout: a model folder holds one folder per version, named by its number
 * ({@code saved_models/fashion_cnn/1/}), each a SavedModel. Other names (an exporter's temporary
 * folder, {@code .DS_Store}) are not versions.
 */
public final class ModelFolders {
  static final String SAVED_MODEL_FILE = "saved_model.pb";
  private static final Pattern VERSION = Pattern.compile("\\d{1,18}");

  private ModelFolders() {}

  /** The version folders of a model folder by version number; empty when there are none. */
  public static NavigableMap<Long, Path> versions(Path modelFolder) {
    if (!Files.isDirectory(modelFolder)) {
      return Collections.emptyNavigableMap();
    }
    NavigableMap<Long, Path> versions = new TreeMap<>();
    try (Stream<Path> children = Files.list(modelFolder)) {
      children
          .filter(Files::isDirectory)
          .filter(child -> VERSION.matcher(child.getFileName().toString()).matches())
          .forEach(child -> versions.put(Long.parseLong(child.getFileName().toString()), child));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + modelFolder + ": " + e.getMessage(), e);
    }
    return versions;
  }

  /** True when the folder is a SavedModel itself rather than a model folder of versions. */
  public static boolean isSavedModel(Path folder) {
    return Files.isRegularFile(folder.resolve(SAVED_MODEL_FILE));
  }

  /**
   * True when a version folder holds everything a SavedModel needs: the graph and, if it has
   * variables, their index (written last by TensorFlow's saver).
   */
  public static boolean looksComplete(Path versionFolder) {
    Path variables = versionFolder.resolve("variables");
    return isSavedModel(versionFolder)
        && (!Files.isDirectory(variables) || Files.isRegularFile(variables.resolve("variables.index")));
  }

  /**
   * The SavedModel folder meant by {@code path}: the path itself when it is one, else the
   * highest-numbered version folder inside it.
   */
  public static Path resolve(Path path) {
    if (isSavedModel(path)) {
      return path;
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(path + ": no such model folder");
    }
    NavigableMap<Long, Path> versions = versions(path);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException(
          path + ": neither a SavedModel (no " + SAVED_MODEL_FILE + ") nor a model folder with numbered version folders");
    }
    return versions.lastEntry().getValue();
  }

  /** The version number of a version folder, or -1 when its name is not a number. */
  public static long versionOf(Path versionFolder) {
    Path name = versionFolder.toAbsolutePath().normalize().getFileName();
    return name != null && VERSION.matcher(name.toString()).matches() ? Long.parseLong(name.toString()) : -1;
  }
}
