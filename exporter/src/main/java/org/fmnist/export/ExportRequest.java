package org.fmnist.export;

import org.fmnist.errors.BadOptionException;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.fmnist.model.ModelSpec;

/**
 * What to export: a run folder into {@code savedModels/<name>/<version>/}. A null name means {@link
 * #defaultName}; an empty version means the next one after the highest present.
 */
public record ExportRequest(
    Path run, Path savedModels, String name, OptionalLong version, Set<ExportFormat> formats) {
  /** Letters, digits, '_', '-' and '.', not starting with '.': a folder name TF Serving accepts. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  public ExportRequest {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(savedModels, "savedModels");
    if (name != null && !NAME.matcher(name).matches()) {
      throw new BadOptionException(
          "invalid model name '" + name + "': use letters, digits, '_', '-' and '.' (not first),"
              + " at most 100 characters");
    }
    if (version.isPresent() && version.getAsLong() < 1) {
      throw new BadOptionException("{version} must be >= 1, not " + version.getAsLong());
    }
    if (version.isPresent() && version.getAsLong() > ModelBasePath.MAX_VERSION) {
      throw new BadOptionException(
          "{version} must be at most " + ModelBasePath.MAX_VERSION + " (18 digits), not " + version.getAsLong());
    }
    if (formats.isEmpty()) {
      throw new BadOptionException("{format} selects nothing: give savedmodel, onnx, sagemaker, or several comma-separated");
    }
    formats = Collections.unmodifiableSet(EnumSet.copyOf(formats));
  }

  /** {@code fashion_} and the model's name with '_' for other characters: cnn-k3 → fashion_cnn_k3. */
  public static String defaultName(ModelSpec spec) {
    return "fashion_" + spec.name().replaceAll("[^A-Za-z0-9]+", "_");
  }
}
