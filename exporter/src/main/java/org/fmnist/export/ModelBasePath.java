package org.fmnist.export;

import org.fmnist.errors.ModelFolderException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.fmnist.errors.IoErrors;
import org.fmnist.io.AtomicFiles;
import org.fmnist.serving.ModelFolders;

/**
 * A TensorFlow Serving model base path, {@code saved_models/<name>/}: one folder per version,
 * named by its number. TF Serving only loads folders with numeric names, so a version is written
 * into a hidden staging folder ({@code .tmp-<version>-<random>}) and renamed into place only once
 * complete and on disk: a failure or a kill at any point leaves no numeric folder. Exports into the
 * same base path take turns on a lock file ({@code .fmnist-export.lock}, also ignored by TF
 * Serving), under which the version is chosen and checked and stale staging folders of killed
 * exports are removed. A version is never overwritten.
 */
final class ModelBasePath {
  static final String STAGING_PREFIX = ".tmp-";
  static final String LOCK_FILE = ".fmnist-export.lock";
  /** The highest version: longer folder names are not read as versions (as in fmnist serve). */
  static final long MAX_VERSION = 999_999_999_999_999_999L;

  /** Writes a version's files into its staging folder (and any file published beside it). */
  interface Contents {
    void writeInto(Staging staging) throws IOException;
  }

  /**
   * A version being written: its staging folder, its number, and the files to publish beside the
   * version folder ({@code model.tar.gz}), each staged under a hidden name in the model folder and
   * renamed into place, replacing the previous one, right after the version folder.
   */
  final class Staging {
    private final Path folder;
    private final long version;
    private final Map<Path, Path> beside = new LinkedHashMap<>();

    private Staging(Path folder, long version) {
      this.folder = folder;
      this.version = version;
    }

    Path folder() {
      return folder;
    }

    long version() {
      return version;
    }

    /** Where to write the file that becomes {@code name} beside the version folder. */
    Path beside(String name) {
      Path staged = dir.resolve(STAGING_PREFIX + name + "-" + UUID.randomUUID());
      beside.put(staged, dir.resolve(name));
      return staged;
    }
  }

  private final Path dir;

  ModelBasePath(Path dir) {
    this.dir = dir;
  }

  Path versionFolder(long version) {
    return dir.resolve(Long.toString(version));
  }

  /** The version numbers present, ascending, as {@code fmnist serve} and TF Serving see them. */
  List<Long> versions() {
    return new ArrayList<>(ModelFolders.versions(dir).keySet());
  }

  /** Fails with a clear message when {@code version} is present (its folder exists). */
  void requireAbsent(long version) {
    if (Files.exists(versionFolder(version))) {
      throw new ModelFolderException(
          versionFolder(version) + " already exists: versions are never overwritten (give another"
              + " version, or none to take the next one)");
    }
  }

  /**
   * Writes and publishes a version: {@code requested}, or the one after the highest present. The
   * base path (and any missing parent) is created when missing, and removed again when this first
   * export into it fails.
   *
   * @return the published version
   */
  long publish(OptionalLong requested, Contents contents) {
    Path firstCreated = firstMissing();
    boolean published = false;
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
              FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        removeStaleStaging();
        List<Long> present = versions();
        long version =
            requested.orElse(present.isEmpty() ? 1 : present.get(present.size() - 1) + 1);
        requireAbsent(version);
        Staging staging = new Staging(dir.resolve(STAGING_PREFIX + version + "-" + UUID.randomUUID()), version);
        try {
          Files.createDirectory(staging.folder);
          contents.writeInto(staging);
          Fsync.tree(staging.folder);
          for (Path staged : staging.beside.keySet()) {
            Fsync.one(staged);
          }
          Files.move(staging.folder, versionFolder(version), StandardCopyOption.ATOMIC_MOVE);
          for (Map.Entry<Path, Path> file : staging.beside.entrySet()) {
            Files.move(file.getKey(), file.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          }
          Fsync.one(dir);
        } finally {
          AtomicFiles.deleteQuietly(staging.folder);
          staging.beside.keySet().forEach(AtomicFiles::deleteQuietly);
        }
        published = true;
        return version;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export into " + dir + ": " + IoErrors.describe(e), e);
    } finally {
      if (firstCreated != null && !published) {
        removeCreated(firstCreated);
      }
    }
  }

  /** Staging folders and files left by killed exports; called under the lock, so none is in use. */
  private void removeStaleStaging() throws IOException {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
      for (Path folder : stale) {
        AtomicFiles.deleteRecursively(folder);
      }
    }
  }

  /** The outermost folder of {@code dir}'s path that does not exist yet, or null. */
  private Path firstMissing() {
    Path missing = null;
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /** Removes the folders this export created, up to {@code top}, as long as they are empty. */
  private void removeCreated(Path top) {
    try {
      Files.deleteIfExists(dir.resolve(LOCK_FILE));
      for (Path p = dir.toAbsolutePath(); p.startsWith(top); p = p.getParent()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // not empty (another export got in) or gone: nothing of ours is left to remove
    }
  }
}
