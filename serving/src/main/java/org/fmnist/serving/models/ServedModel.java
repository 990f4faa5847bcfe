package org.fmnist.serving.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.fmnist.serving.ModelFolders;

/**
 * One model folder being served under its version policy, as TensorFlow Serving serves a model:
 * the versions the policy picks are loaded once their folders look complete, new ones before the
 * ones they replace are unloaded, so requests never find no version; a version that leaves the
 * policy (or its folder) is unloaded once its last request has finished (UNLOADING, then END). A
 * version that fails to load is logged, recorded in the model's status, and tried again only when
 * its files change; the versions in place keep serving meanwhile.
 */
public final class ServedModel implements AutoCloseable {
  private final String name;
  private final Path folder;
  private final VersionLoader loader;
  private volatile VersionPolicy policy;
  private volatile Map<String, Long> labels;
  private final ConcurrentSkipListMap<Long, LoadedVersion> loaded = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, VersionStatus> statuses = new ConcurrentSkipListMap<>(Comparator.reverseOrder());
  private final Map<Long, FolderSnapshot> failures = new HashMap<>();

  ServedModel(String name, Path folder) {
    this(name, folder, VersionLoader.TENSORFLOW, VersionPolicy.DEFAULT, Map.of());
  }

  ServedModel(String name, Path folder, VersionLoader loader, VersionPolicy policy, Map<String, Long> labels) {
    this.name = name;
    this.folder = folder;
    this.loader = loader;
    this.policy = policy;
    this.labels = Map.copyOf(labels);
  }

  public String name() {
    return name;
  }

  Path folder() {
    return folder;
  }

  /** A new policy and labels (from a re-read config file), applied by the next {@link #refresh}. */
  void configure(VersionPolicy newPolicy, Map<String, Long> newLabels) {
    policy = newPolicy;
    labels = Map.copyOf(newLabels);
  }

  /** Loads what the policy wants and is not loaded, then unloads what it no longer wants. Called from one thread at a time. */
  synchronized void refresh(Consumer<String> log) {
    NavigableMap<Long, Path> folders = ModelFolders.versions(folder);
    TreeSet<Long> complete = new TreeSet<>();
    folders.forEach((version, path) -> {
      if (ModelFolders.looksComplete(path)) {
        complete.add(version);
      }
    });
    VersionPolicy current = policy;
    Set<Long> keep = new HashSet<>();
    for (long version : current.candidates(complete)) {
      if (keep.size() >= current.limit()) {
        break;
      }
      if (loaded.containsKey(version) || load(version, folders.get(version), log)) {
        keep.add(version);
      }
    }
    for (LoadedVersion version : loaded.values()) {
      if (!keep.contains(version.version())) {
        unload(version, complete.contains(version.version()) ? "not in the version policy" : "its folder is gone", log);
      }
    }
  }

  private boolean load(long version, Path versionFolder, Consumer<String> log) {
    FolderSnapshot snapshot = FolderSnapshot.of(versionFolder);
    if (snapshot.equals(failures.get(version))) {
      return false;
    }
    statuses.put(version, VersionStatus.of(version, VersionStatus.State.LOADING));
    LoadedVersion served;
    try {
      served = loader.load(name, version, versionFolder, log);
    } catch (RuntimeException e) {
      failures.put(version, snapshot);
      statuses.put(version, VersionStatus.failed(version, e.getMessage()));
      log.accept(
          "fmnist serve: " + name + " version " + version + " failed to load"
              + (loaded.isEmpty() ? "" : ", still serving version " + loaded.lastKey()) + ": " + e.getMessage());
      return false;
    }
    failures.remove(version);
    loaded.put(version, served);
    statuses.put(version, VersionStatus.of(version, VersionStatus.State.AVAILABLE));
    log.accept("fmnist serve: " + name + " version " + version + " loaded from " + versionFolder + " (" + served.backendKind() + ")");
    return true;
  }

  /** True when a version is loaded and serving. */
  boolean available() {
    return !loaded.isEmpty();
  }

  private void unload(LoadedVersion version, String why, Consumer<String> log) {
    long number = version.version();
    loaded.remove(number);
    statuses.put(number, VersionStatus.of(number, VersionStatus.State.UNLOADING));
    log.accept("fmnist serve: " + name + " version " + number + " unloading (" + why + "), once its running requests finish");
    version.retire(() -> statuses.put(number, VersionStatus.of(number, VersionStatus.State.END)));
  }

  /** A hold on the latest version (empty), a specific one, or a labelled one; 404 with TF Serving's message when not served. */
  public LoadedVersion.Lease lease(OptionalLong version, Optional<String> label) {
    return lease(label.isPresent() ? labelled(label) : version);
  }

  /** A hold on {@code version} (empty: the latest); 404 with TensorFlow Serving's message when it is not served. */
  public LoadedVersion.Lease lease(OptionalLong version) {
    while (true) {
      Map.Entry<Long, LoadedVersion> entry =
          version.isPresent()
              ? Optional.ofNullable(loaded.get(version.getAsLong())).map(v -> Map.entry(v.version(), v)).orElse(null)
              : loaded.lastEntry();
      if (entry == null) {
        throw ApiException.notFound(
            "Servable not found for request: "
                + (version.isPresent() ? "Specific(" + name + ", " + version.getAsLong() + ")" : "Latest(" + name + ")"));
      }
      LoadedVersion.Lease lease = entry.getValue().tryAcquire();
      if (lease != null) {
        return lease;
      }
      // unloaded between the read and the acquire: the next read sees what replaced it
    }
  }

  /** The version a label points to; 404 when the label is unknown. */
  public OptionalLong labelled(Optional<String> label) {
    if (label.isEmpty()) {
      return OptionalLong.empty();
    }
    Long version = labels.get(label.get());
    if (version == null) {
      throw ApiException.notFound("Unrecognized servable version label: " + label.get());
    }
    return OptionalLong.of(version);
  }

  /** The versions being served, lowest first. */
  List<Long> servedVersions() {
    return new ArrayList<>(loaded.keySet());
  }

  /** Every version seen, newest first; 404 with TensorFlow Serving's message when none. */
  public List<VersionStatus> statuses(OptionalLong version) {
    if (version.isPresent()) {
      VersionStatus status = statuses.get(version.getAsLong());
      if (status == null) {
        throw ApiException.notFound("Could not find version " + version.getAsLong() + " of model " + name);
      }
      return List.of(status);
    }
    if (statuses.isEmpty()) {
      throw ApiException.notFound("Could not find any versions of model " + name);
    }
    return new ArrayList<>(statuses.values());
  }

  /** Stops serving; each version closes when its last request ends. */
  @Override
  public synchronized void close() {
    for (LoadedVersion version : loaded.values()) {
      long number = version.version();
      loaded.remove(number);
      version.retire(() -> statuses.put(number, VersionStatus.of(number, VersionStatus.State.END)));
    }
  }
}
