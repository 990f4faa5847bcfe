package org.fmnist.serving.models;

import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * TensorFlow Serving's model_version_policy: which of a model's versions are served. {@code
 * latest} N: the N highest that load (default 1); {@code all}; {@code specific}: the listed ones.
 */
public sealed interface VersionPolicy {
  VersionPolicy DEFAULT = new Latest(1);

  /** The versions the policy may serve out of the complete ones on disk, highest first. */
  List<Long> candidates(NavigableSet<Long> onDisk);

  /** How many candidates to serve: the first ones that load (latest N: N; otherwise every one). */
  int limit();

  record Latest(int count) implements VersionPolicy {
    public Latest {
      if (count < 1) {
        throw new IllegalArgumentException("the latest version policy serves at least 1 version, got " + count);
      }
    }

    @Override
    public List<Long> candidates(NavigableSet<Long> onDisk) {
      return List.copyOf(onDisk.descendingSet());
    }

    @Override
    public int limit() {
      return count;
    }
  }

  record All() implements VersionPolicy {
    @Override
    public List<Long> candidates(NavigableSet<Long> onDisk) {
      return List.copyOf(onDisk.descendingSet());
    }

    @Override
    public int limit() {
      return Integer.MAX_VALUE;
    }
  }

  record Specific(Set<Long> versions) implements VersionPolicy {
    public Specific {
      versions = Set.copyOf(versions);
      if (versions.isEmpty()) {
        throw new IllegalArgumentException("the specific version policy needs at least one version");
      }
    }

    @Override
    public List<Long> candidates(NavigableSet<Long> onDisk) {
      TreeSet<Long> listed = new TreeSet<>(onDisk);
      listed.retainAll(versions);
      return List.copyOf(listed.descendingSet());
    }

    @Override
    public int limit() {
      return Integer.MAX_VALUE;
    }
  }

  /** {@code latest}, {@code latest:N}, {@code all} or {@code specific:V,V,...}. */
  static VersionPolicy parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
    try {
      return switch (parts[0]) {
        case "latest" -> new Latest(parts.length == 1 ? 1 : Integer.parseInt(parts[1].trim()));
        case "all" -> {
          if (parts.length > 1) {
            throw new IllegalArgumentException("'all' takes no list");
          }
          yield new All();
        }
        case "specific" -> {
          if (parts.length == 1) {
            throw new IllegalArgumentException("'specific' needs versions, e.g. specific:1,3");
          }
          Set<Long> versions = new TreeSet<>();
          for (String version : parts[1].split(",")) {
            versions.add(Long.parseLong(version.trim()));
          }
          yield new Specific(versions);
        }
        default -> throw new IllegalArgumentException("expected latest[:N], all or specific:V,V...");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("version policy '" + text + "': not a number: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("version policy '" + text + "': " + e.getMessage(), e);
    }
  }
}
