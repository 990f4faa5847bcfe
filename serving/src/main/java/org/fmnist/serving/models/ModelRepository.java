package org.fmnist.serving.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.fmnist.serving.config.tfserving.ModelServerConfig;

/**
 * The models being served, as a {@link ModelSource} lists them: each poll adds the models new to
 * the list, applies changed version policies and labels, unloads the models no longer listed
 * (their running requests finish first), and scans every model's folder for versions.
 */
public final class ModelRepository implements AutoCloseable {
  private ModelSource source;
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

  /**
   * TensorFlow Serving's {@code HandleReloadConfigRequest}: from now on the models {@code config}
   * lists are served, in place of the base path's or the model config file's (which is no longer
   * read); they are loaded, and the models no longer listed unloaded, before this returns. A
   * relative base_path is read from the working directory, as TF Serving does. Nothing changes
   * when the config is refused (IllegalArgumentException with the reason): one that is not a model
   * list, lists a model badly, or names a base path that is not a folder.
   */
  public synchronized void reload(ModelServerConfig config) {
    if (config.getConfigCase() != ModelServerConfig.ConfigCase.MODEL_CONFIG_LIST) {
      throw new IllegalArgumentException(
          "ServerModelConfig type not supported by HandleReloadConfigRequest. Only ModelConfigList is currently supported");
    }
    Map<String, ModelEntry> listed = ModelConfigList.entries(config, Path.of("").toAbsolutePath(), "ReloadConfigRequest");
    for (ModelEntry entry : listed.values()) {
      if (!Files.isDirectory(entry.folder())) {
        throw new IllegalArgumentException("ReloadConfigRequest: model '" + entry.name() + "': base_path " + entry.folder() + " is not a folder");
      }
    }
    source = () -> listed;
    log.accept("fmnist serve: serving the models of a gRPC ReloadConfigRequest from now on: " + (listed.isEmpty() ? "none" : String.join(", ", listed.keySet())));
    poll();
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
