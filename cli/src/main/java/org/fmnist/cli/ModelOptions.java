package org.fmnist.cli;

import org.fmnist.errors.BadOptionException;
import org.fmnist.model.ModelSpec;
import org.fmnist.train.TrainingConfig;
import picocli.CommandLine.Option;

/** Which model: a preset or a spec in the text form. */
final class ModelOptions {
  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Preset: baseline, cnn, mlp-dropout, cnn-dropout, cnn-small, cnn-bn, cnn-bn-small, cnn-bn-strided, vgg-bn (default: cnn).")
  String model;

  @Option(
      names = "--spec",
      paramLabel = "TEXT",
      description =
          "Layers in text form instead of a preset, e.g. \"conv:32:3:same:relu maxpool:2 flatten"
              + " dense:10\" (see README).")
  String spec;

  @Option(
      names = {"-k", "--kernel-size"},
      paramLabel = "K",
      defaultValue = "3",
      description = "Kernel size of the cnn preset (default: ${DEFAULT-VALUE}).")
  int kernelSize;

  /** Sets the model of {@code config}: the preset (cnn by default) or the spec. */
  TrainingConfig.Builder applyTo(TrainingConfig.Builder config) {
    return applyTo(config, "cnn");
  }

  /** As {@link #applyTo(TrainingConfig.Builder)}, with {@code preset} when neither option was given. */
  TrainingConfig.Builder applyTo(TrainingConfig.Builder config, String preset) {
    if (model != null && spec != null) {
      throw new BadOptionException("give {model} or {spec}, not both");
    }
    config.kernelSize(kernelSize);
    return spec != null ? config.spec(spec) : config.model(model == null ? preset : model);
  }

  ModelSpec spec() {
    return applyTo(TrainingConfig.builder()).build().modelSpec();
  }
}
