package org.fmnist.serving.models;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The models being served, as a {@link ModelSource} lists them: each poll adds the models new to
 * the list, applies changed version policies and labels, unloads the models no longer listed
 * (their running requests finish first), and scans every model's folder for versions.
 */
public final class ModelRepository implements AutoCloseable {
  private final ModelSource source;
  private final VersionLoader loader;
  private final Consumer<String> log;
  private final Map<String, ServedModel> models = new ConcurrentHashMap<>();

  public ModelRepository(ModelSource source, VersionLoader loader, Consumer<String> log) {
    this.source = source;
    this.loader = loader;
    this.log = log;
  }

  /** Brings the served models in line with the source, and loads and unloads their versions. */
  public synchronized void poll() {
    Map<String, ModelEntry> wanted = source.models();
    for (ServedModel model : List.copyOf(models.values())) {
      ModelEntry entry = wanted.get(model.name());
      if (entry == null || !entry.folder().equals(model.folder())) {
        models.remove(model.name());
        log.accept("fmnist serve: " + model.name() + " unloading (" + (entry == null ? "no longer in the model list" : "its base path changed") + ")");
        model.close();
      }
    }
    for (ModelEntry entry : wanted.values()) {
      ServedModel model =
          models.computeIfAbsent(entry.name(), name -> new ServedModel(name, entry.folder(), loader, entry.policy(), entry.labels()));
      model.configure(entry.policy(), entry.labels());
      model.refresh(log);
    }
  }

  /** The model served under {@code name}, if any. */
  public Optional<ServedModel> find(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** True when at least one model serves a version and {@code all} (or any, if false) of them do. */
  public boolean available(boolean all) {
    if (models.isEmpty()) {
      return false;
    }
    return all
        ? models.values().stream().allMatch(ServedModel::available)
        : models.values().stream().anyMatch(ServedModel::available);
  }

  /** The number of versions each model serves now. */
  public Map<String, Integer> loadedVersions() {
    Map<String, Integer> loaded = new TreeMap<>();
    models.forEach((name, model) -> loaded.put(name, model.servedVersions().size()));
    return loaded;
  }

  public List<String> names() {
    return models.keySet().stream().sorted().toList();
  }

  @Override
  public synchronized void close() {
    models.values().forEach(ServedModel::close);
  }
}
