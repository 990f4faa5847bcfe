package org.fmnist.serving.models;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Where the list of models to serve comes from: a base path's folders, or a model config file. */
public interface ModelSource {
  /** The models to serve now, by name; called by the poller before each scan. */
  Map<String, ModelEntry> models();

  /** The model folder {@code basePath}, or its model folders (only {@code modelName}'s when given), all under {@code policy}. */
  static ModelSource basePath(Path basePath, Optional<String> modelName, VersionPolicy policy) {
    return new BasePathModels(basePath, modelName, policy);
  }

  /** The models a TF Serving model config file lists, re-read as {@code setting} says. */
  static ModelSource configFile(ModelConfigFileSetting setting, Consumer<String> log) {
    return new ModelConfigFile(setting.file(), setting.pollWait(), log);
  }
}
