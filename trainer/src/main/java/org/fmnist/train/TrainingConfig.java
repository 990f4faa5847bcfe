package org.fmnist.train;

import org.fmnist.model.ModelSpec;
import org.fmnist.model.Presets;
import org.fmnist.model.SpecParser;

/**
 * Everything a run was trained with; saved as the run's {@code config.json} so that a run can be
 * resumed, evaluated and exported on its own. {@code model} is a preset name, or null when {@code
 * spec} (the text form) describes the model.
 */
public record TrainingConfig(
    String model,
    String spec,
    int kernelSize,
    int epochs,
    int batchSize,
    double learningRate,
    double validationSplit,
    long seed,
    int limitTrain,
    int earlyStoppingPatience,
    Device device,
    int threads) {

  public TrainingConfig {
    if ((model == null) == (spec == null)) {
      throw new IllegalArgumentException("give exactly one of --model and --spec");
    }
    requirePositive(epochs, "--epochs");
    requirePositive(batchSize, "--batch-size");
    requirePositive(threads, "threads");
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--learning-rate must be > 0, not " + learningRate);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException(
          "--validation-split must be in [0, 1), not " + validationSplit);
    }
    if (limitTrain < 0 || earlyStoppingPatience < 0) {
      throw new IllegalArgumentException("--limit-train and --early-stopping-patience must be >= 0");
    }
  }

  private static void requirePositive(int value, String option) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, not " + value);
    }
  }

  /** The model this config describes (a preset or the parsed spec). */
  public ModelSpec modelSpec() {
    return model != null ? Presets.get(model, kernelSize) : SpecParser.parse("custom", spec);
  }
}
