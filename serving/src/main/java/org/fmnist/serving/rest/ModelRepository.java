package org.fmnist.serving.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fmnist.serving.ModelFolders;

/**
 * The models under a base path. The base path is either one model folder (it holds numbered
 * version folders, like TensorFlow Serving's {@code --model_base_path}) or a folder of model
 * folders ({@code saved_models/}), each served under its folder name; {@code --model-name} picks
 * one of them, or names the single model.
 */
public final class ModelRepository implements AutoCloseable {
  private final Path basePath;
  private final Optional<String> modelName;
  private final VersionLoader loader;
  private final VersionPolicy policy;
  private final Consumer<String> log;
  private final Map<String, ServedModel> models = new ConcurrentHashMap<>();

  ModelRepository(Path basePath, Optional<String> modelName, VersionLoader loader, VersionPolicy policy, Consumer<String> log) {
    if (!Files.isDirectory(basePath)) {
      throw new IllegalArgumentException(basePath + ": no such model base path");
    }
    if (modelName.isPresent()
        && ModelFolders.versions(basePath).isEmpty()
        && !Files.isDirectory(basePath.resolve(modelName.get()))) {
      throw new IllegalArgumentException(basePath + " has no model folder " + modelName.get());
    }
    this.basePath = basePath;
    this.modelName = modelName;
    this.loader = loader;
    this.policy = policy;
    this.log = log;
  }

  /** Finds new model folders and new versions, and loads them. */
  synchronized void poll() {
    for (Map.Entry<String, Path> folder : modelFolders().entrySet()) {
      models.computeIfAbsent(folder.getKey(), name -> new ServedModel(name, folder.getValue(), loader, policy, Map.of())).refresh(log);
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
  Map<String, Integer> loadedVersions() {
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

  private Map<String, Path> modelFolders() {
    if (!ModelFolders.versions(basePath).isEmpty()) {
      Path name = basePath.toAbsolutePath().normalize().getFileName();
      return Map.of(modelName.orElse(name == null ? "default" : name.toString()), basePath);
    }
    if (modelName.isPresent()) {
      return Map.of(modelName.get(), basePath.resolve(modelName.get()));
    }
    try (Stream<Path> children = Files.list(basePath)) {
      Map<String, Path> folders = new TreeMap<>();
      children
          .filter(Files::isDirectory)
          .filter(child -> !child.getFileName().toString().startsWith("."))
          .forEach(child -> folders.put(child.getFileName().toString(), child));
      return folders;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + basePath + ": " + e.getMessage(), e);
    }
  }
}
