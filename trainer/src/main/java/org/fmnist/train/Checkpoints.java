package org.fmnist.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.fmnist.errors.IoErrors;
import org.fmnist.io.AtomicFiles;
import org.fmnist.io.CrashPoint;
import org.fmnist.io.Json;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Checkpoint folders: the session's variables ({@code variables.index}, {@code variables.data-*})
 * and the {@link TrainingState} beside them (which holds the history up to that epoch), written to
 * a staging folder, flushed to the disk and swapped in whole, so a kill at any moment leaves the
 * previous checkpoint usable, under its own name or, mid-swap, under {@code <name>.old}.
 */
public final class Checkpoints {
  public static final String VARIABLES_PREFIX = "variables";
  private static final String STATE = "state.json";

  private Checkpoints() {}

  public static void write(TrainingGraph graph, TrainingState state, Path folder) {
    Path staging = folder.resolveSibling(folder.getFileName() + ".staging");
    try {
      AtomicFiles.deleteRecursively(staging);
      Files.createDirectories(staging);
      CrashPoint.next("save", staging.resolve(VARIABLES_PREFIX));
      graph.save(staging.resolve(VARIABLES_PREFIX));
      Json.writeAtomically(staging.resolve(STATE), state);
      AtomicFiles.replaceDirectory(staging, folder);
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(staging);
      throw new UncheckedIOException(
          "cannot write checkpoint into " + folder.getParent() + ": " + IoErrors.describe(e), e);
    } catch (TensorFlowException e) {
      AtomicFiles.deleteQuietly(staging);
      throw new UncheckedIOException(
          "cannot write checkpoint into " + folder.getParent() + ": " + IoErrors.firstLine(e),
          new IOException(e));
    }
  }

  /**
   * The complete checkpoint {@code folder} stands for: itself, or the previous one a kill mid-swap
   * left under {@code <name>.old}. Reads only.
   */
  public static Optional<Path> current(Path folder) {
    if (complete(folder)) {
      return Optional.of(folder);
    }
    Path old = folder.resolveSibling(folder.getFileName() + ".old");
    return !Files.exists(folder) && complete(old) ? Optional.of(old) : Optional.empty();
  }

  public static boolean exists(Path folder) {
    return current(folder).isPresent();
  }

  /** Puts back a checkpoint a kill mid-swap left aside; for the run's one writer, before it writes. */
  static void recover(Path folder) {
    try {
      AtomicFiles.recoverDirectory(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot recover checkpoint " + folder + ": " + IoErrors.describe(e), e);
    }
  }

  private static boolean complete(Path folder) {
    return Files.isRegularFile(folder.resolve(STATE))
        && Files.isRegularFile(folder.resolve(VARIABLES_PREFIX + ".index"));
  }

  /** The weights prefix to restore from (what {@code Session.restore} takes). */
  public static Path variables(Path folder) {
    return folder.resolve(VARIABLES_PREFIX);
  }

  public static TrainingState readState(Path folder) {
    return Json.read(folder.resolve(STATE), TrainingState.class);
  }
}
