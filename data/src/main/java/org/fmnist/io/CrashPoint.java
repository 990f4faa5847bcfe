package org.fmnist.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The steps of a file commit (write, fsync, rename, ...), named so that a crash test can stop the
 * process just before any one of them. Off unless a system property asks:
 * {@code fmnist.crashPoint.trace=FILE} appends each step reached to FILE, and {@code
 * fmnist.crashPoint.haltAt=STEP} halts the JVM at that step as kill -9 would (no shutdown hook, no
 * finally block, exit code {@link #HALT_EXIT_CODE}). A step is named {@code "<action> <path> #<n>"}:
 * the path relative to the working folder (when inside it), n counting the times this process
 * reached that action on that path, from 1.
 */
public final class CrashPoint {
  public static final int HALT_EXIT_CODE = 86;
  private static final String HALT_AT = System.getProperty("fmnist.crashPoint.haltAt");
  private static final String TRACE = System.getProperty("fmnist.crashPoint.trace");
  private static final Map<String, Integer> REACHED = new HashMap<>();

  private CrashPoint() {}

  /** Marks that {@code action} on {@code path} comes next. */
  public static void next(String action, Path path) {
    if (HALT_AT == null && TRACE == null) {
      return;
    }
    Path here = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    reached(action + " " + (absolute.startsWith(here) ? here.relativize(absolute) : absolute));
  }

  private static synchronized void reached(String step) {
    String name = step + " #" + REACHED.merge(step, 1, Integer::sum);
    if (TRACE != null) {
      try {
        Files.writeString(Path.of(TRACE), name + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (name.equals(HALT_AT)) {
      Runtime.getRuntime().halt(HALT_EXIT_CODE);
    }
  }
}
