package org.fmnist.serving.models;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fmnist.serving.config.tfserving.FileSystemStoragePathSourceConfig.ServableVersionPolicy;
import org.fmnist.serving.config.tfserving.ModelConfig;
import org.fmnist.serving.config.tfserving.ModelServerConfig;

/**
 * The models a TF Serving {@code ModelServerConfig}'s {@code model_config_list} names, checked,
 * whether it came from a model config file or a gRPC {@code ReloadConfigRequest}.
 */
final class ModelConfigList {
  private ModelConfigList() {}

  /**
   * The models listed, by name, relative base paths resolved against {@code folder};
   * IllegalArgumentException starting with {@code source} for a config TF Serving would refuse.
   */
  static Map<String, ModelEntry> entries(ModelServerConfig config, Path folder, String source) {
    Map<String, ModelEntry> models = new TreeMap<>();
    Set<String> names = new HashSet<>();
    for (ModelConfig model : config.getModelConfigList().getConfigList()) {
      String where = source + ": model '" + model.getName() + "'";
      if (model.getName().isEmpty()) {
        throw new IllegalArgumentException(source + ": a config has no name");
      }
      if (!names.add(model.getName())) {
        throw new IllegalArgumentException(where + " is listed twice");
      }
      if (model.getBasePath().isEmpty()) {
        throw new IllegalArgumentException(where + " has no base_path");
      }
      String platform = model.getModelPlatform().toLowerCase(Locale.ROOT);
      if (!platform.isEmpty() && !platform.equals("tensorflow")) {
        throw new IllegalArgumentException(where + ": model_platform '" + model.getModelPlatform() + "' (fmnist serve serves 'tensorflow' SavedModels)");
      }
      VersionPolicy policy;
      try {
        policy = policy(model.getModelVersionPolicy());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      models.put(model.getName(), new ModelEntry(model.getName(), folder.resolve(model.getBasePath()).normalize(), policy, model.getVersionLabelsMap()));
    }
    return models;
  }

  private static VersionPolicy policy(ServableVersionPolicy policy) {
    return switch (policy.getPolicyChoiceCase()) {
      case LATEST -> new VersionPolicy.Latest(Math.max(1, policy.getLatest().getNumVersions()));
      case ALL -> new VersionPolicy.All();
      case SPECIFIC -> new VersionPolicy.Specific(Set.copyOf(policy.getSpecific().getVersionsList()));
      case POLICYCHOICE_NOT_SET -> VersionPolicy.DEFAULT;
    };
  }
}
