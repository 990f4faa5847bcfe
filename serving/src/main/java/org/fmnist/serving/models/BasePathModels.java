package org.fmnist.serving.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fmnist.serving.ModelFolders;

/**
 * The models under a base path, all under one version policy. The base path is either one model
 * folder (it holds numbered version folders, like TensorFlow Serving's {@code --model_base_path})
 * or a folder of model folders ({@code saved_models/}), each served under its folder name; {@code
 * --model-name} picks one of them, or names the single model.
 */
final class BasePathModels implements ModelSource {
  private final Path basePath;
  private final Optional<String> modelName;
  private final VersionPolicy policy;

  BasePathModels(Path basePath, Optional<String> modelName, VersionPolicy policy) {
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
    this.policy = policy;
  }

  @Override
  public Map<String, ModelEntry> models() {
    Map<String, ModelEntry> models = new TreeMap<>();
    modelFolders().forEach((name, folder) -> models.put(name, new ModelEntry(name, folder, policy, Map.of())));
    return models;
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
