package org.fmnist.serving.rest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.fmnist.serving.Backend;
import org.fmnist.serving.ClassifierOptions;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.ModelFolders;

/**
 * One model folder being served: the highest version that loads, swapped for a newer one when its
 * folder appears complete, as TensorFlow Serving's default version policy does. A version that
 * fails to load is logged, recorded in the model's status, and tried again only when its files
 * change; the version in place keeps serving meanwhile.
 */
public final class ServedModel implements AutoCloseable {
  private final String name;
  private final Path folder;
  private final Backend backend;
  private final AtomicReference<LoadedVersion> current = new AtomicReference<>();
  private final ConcurrentSkipListMap<Long, VersionStatus> statuses = new ConcurrentSkipListMap<>(Comparator.reverseOrder());
  private final Map<Long, FolderSnapshot> failures = new HashMap<>();

  ServedModel(String name, Path folder) {
    this(name, folder, Backend.TENSORFLOW);
  }

  ServedModel(String name, Path folder, Backend backend) {
    this.name = name;
    this.folder = folder;
    this.backend = backend;
  }

  public String name() {
    return name;
  }

  /**
   * Serves the highest complete version that loads, if it is not the one serving already. Called
   * from one thread at a time (the poller).
   */
  synchronized void refresh(Consumer<String> log) {
    LoadedVersion serving = current.get();
    NavigableMap<Long, Path> versions = ModelFolders.versions(folder).descendingMap();
    for (Map.Entry<Long, Path> candidate : versions.entrySet()) {
      long version = candidate.getKey();
      if (serving != null && serving.version() == version) {
        return;
      }
      Path versionFolder = candidate.getValue();
      if (!ModelFolders.looksComplete(versionFolder)) {
        continue;
      }
      FolderSnapshot snapshot = FolderSnapshot.of(versionFolder);
      if (snapshot.equals(failures.get(version))) {
        continue;
      }
      if (load(version, versionFolder, snapshot, serving, log)) {
        return;
      }
    }
  }

  private boolean load(long version, Path versionFolder, FolderSnapshot snapshot, LoadedVersion serving, Consumer<String> log) {
    statuses.put(version, VersionStatus.of(version, VersionStatus.State.LOADING));
    ImageClassifier classifier;
    try {
      String prefix = "fmnist serve: " + name + " version " + version + ": ";
      classifier =
          ImageClassifier.load(
              versionFolder, ClassifierOptions.defaults().withBackend(backend).withNotices(notice -> log.accept(prefix + notice)));
    } catch (RuntimeException e) {
      failures.put(version, snapshot);
      statuses.put(version, VersionStatus.failed(version, e.getMessage()));
      log.accept(
          "fmnist serve: " + name + " version " + version + " failed to load"
              + (serving == null ? "" : ", still serving version " + serving.version()) + ": " + e.getMessage());
      return false;
    }
    failures.remove(version);
    current.set(new LoadedVersion(version, classifier));
    statuses.put(version, VersionStatus.of(version, VersionStatus.State.AVAILABLE));
    if (serving != null) {
      serving.release();
      statuses.put(serving.version(), VersionStatus.of(serving.version(), VersionStatus.State.END));
    }
    log.accept(
        "fmnist serve: " + name + " version " + version + " loaded from " + versionFolder + " (" + classifier.backend().kind() + ")"
            + (serving == null ? "" : " (replaces version " + serving.version() + ")"));
    return true;
  }

  /** True when a version is loaded and serving. */
  boolean available() {
    return current.get() != null;
  }

  /**
   * A hold on the version serving requests for {@code version} (empty: the latest); 404 with
   * TensorFlow Serving's message when that version is not being served.
   */
  public LoadedVersion.Lease lease(OptionalLong version) {
    while (true) {
      LoadedVersion serving = current.get();
      if (serving == null || (version.isPresent() && version.getAsLong() != serving.version())) {
        throw ApiException.notFound(
            "Servable not found for request: "
                + (version.isPresent() ? "Specific(" + name + ", " + version.getAsLong() + ")" : "Latest(" + name + ")"));
      }
      LoadedVersion.Lease lease = serving.tryAcquire();
      if (lease != null) {
        return lease;
      }
      // swapped out and released between the read and the acquire: the next read sees the new one
    }
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

  /** Stops serving; the version in use closes when its last request ends. */
  @Override
  public synchronized void close() {
    LoadedVersion serving = current.getAndSet(null);
    if (serving != null) {
      statuses.put(serving.version(), VersionStatus.of(serving.version(), VersionStatus.State.END));
      serving.release();
    }
  }
}
