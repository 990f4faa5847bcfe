package org.fmnist.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project root: the nearest folder, from the working directory up, that holds the {@code
 * fmnist} launcher beside a {@code pom.xml} (a checkout of this project); the working directory
 * itself when there is none. Provenance files ({@code config.json}, {@code dataset.json}, {@code
 * fmnist.json}) record paths under it relative to it, so a copied run or model folder does not carry
 * one machine's absolute paths; paths elsewhere stay absolute.
 */
public final class ProjectRoot {
  private ProjectRoot() {}

  /** The project root seen from the working directory. */
  public static Path current() {
    return find(Path.of("").toAbsolutePath());
  }

  /** The project root seen from {@code start}. */
  public static Path find(Path start) {
    Path from = start.toAbsolutePath().normalize();
    for (Path p = from; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("fmnist")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return from;
  }

  /** {@code path} relative to {@code root} when it lies under it, else absolute; '/' separated. */
  public static String describe(Path path, Path root) {
    Path absolute = path.toAbsolutePath().normalize();
    Path base = root.toAbsolutePath().normalize();
    if (!absolute.startsWith(base)) {
      return absolute.toString();
    }
    Path relative = base.relativize(absolute);
    return relative.toString().isEmpty() ? "." : relative.toString().replace('\\', '/');
  }

  /** {@link #describe} against the current project root. */
  public static String describe(Path path) {
    return describe(path, current());
  }
}
