package org.fmnist.cli;

import org.fmnist.model.ModelSpec;
import org.fmnist.model.Presets;
import org.fmnist.model.SpecParser;
import picocli.CommandLine.Option;

/** Which model: a preset or a spec in the text form. */
final class ModelOptions {
  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Preset: baseline, cnn, mlp-dropout, cnn-dropout, cnn-small, cnn-bn (default: cnn).")
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

  /** The preset name, or null when a spec was given. */
  String presetName() {
    return presetNameOr("cnn");
  }

  /** The preset name, {@code fallback} when neither a preset nor a spec was given, null with a spec. */
  String presetNameOr(String fallback) {
    if (model != null && spec != null) {
      throw new IllegalArgumentException("give --model or --spec, not both");
    }
    return spec != null ? null : (model == null ? fallback : model);
  }

  ModelSpec spec() {
    String preset = presetName();
    return preset != null ? Presets.get(preset, kernelSize) : SpecParser.parse("custom", spec);
  }
}
