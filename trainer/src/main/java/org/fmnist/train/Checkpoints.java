package org.fmnist.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fmnist.io.AtomicFiles;
import org.fmnist.io.Json;

/**
 * Checkpoint folders: the session's variables ({@code variables.index}, {@code variables.data-*})
 * and the {@link TrainingState} beside them, written to a staging folder and swapped in whole, so a
 * kill at any moment leaves the previous checkpoint usable.
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
      graph.save(staging.resolve(VARIABLES_PREFIX));
      Json.writeAtomically(staging.resolve(STATE), state);
      AtomicFiles.replaceDirectory(staging, folder);
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(staging);
      throw new UncheckedIOException("cannot write checkpoint " + folder + ": " + e.getMessage(), e);
    }
  }

  public static boolean exists(Path folder) {
    try {
      AtomicFiles.recoverDirectory(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
