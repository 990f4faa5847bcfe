package org.fmnist.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.Precision;
import org.fmnist.model.Presets;
import org.fmnist.model.SpecParser;

/**
 * Everything a run was trained with; saved as the run's {@code config.json} so that a run can be
 * resumed, evaluated and exported on its own. {@code model} is a preset name, or null when {@code
 * spec} (the text form) describes the model. {@code learningRate} is the peak rate when a warm-up or
 * cosine decay is set; {@code targetAccuracy} 0 means train all epochs. A config.json written before
 * a field existed reads as that field's default: fp32, constant rate, no target, no regularization.
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
    int threads,
    Precision precision,
    double warmupEpochs,
    boolean cosineDecay,
    double targetAccuracy,
    Regularization regularization) {

  @JsonCreator
  public TrainingConfig {
    precision = precision == null ? Precision.FP32 : precision;
    regularization = regularization == null ? Regularization.NONE : regularization;
    if ((model == null) == (spec == null)) {
      throw new IllegalArgumentException("give exactly one of --model and --spec");
    }
    requirePositive(epochs, "--epochs");
    requirePositive(batchSize, "--batch-size");
    requirePositive(threads, "--threads");
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
    if (!(warmupEpochs >= 0 && warmupEpochs <= epochs)) {
      throw new IllegalArgumentException(
          "--warmup-epochs must be in [0, --epochs], not " + warmupEpochs);
    }
    if (!(targetAccuracy >= 0 && targetAccuracy <= 1)) {
      throw new IllegalArgumentException(
          "--target-accuracy must be in (0, 1] (0: off), not " + targetAccuracy);
    }
    if (targetAccuracy > 0 && validationSplit == 0) {
      throw new IllegalArgumentException(
          "--target-accuracy watches the validation accuracy: it needs --validation-split > 0");
    }
    if (earlyStoppingPatience > 0 && validationSplit == 0) {
      throw new IllegalArgumentException(
          "--early-stopping-patience watches the validation loss: it needs --validation-split > 0");
    }
  }

  /** A config without augmentation, label smoothing or weight decay. */
  public TrainingConfig(
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
      int threads,
      Precision precision,
      double warmupEpochs,
      boolean cosineDecay,
      double targetAccuracy) {
    this(model, spec, kernelSize, epochs, batchSize, learningRate, validationSplit, seed, limitTrain,
        earlyStoppingPatience, device, threads, precision, warmupEpochs, cosineDecay, targetAccuracy,
        Regularization.NONE);
  }

  private static void requirePositive(int value, String option) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, not " + value);
    }
  }

  /**
   * The learning rate at every step: constant, or a linear warm-up over {@code warmupEpochs}
   * followed, with {@code cosineDecay}, by a cosine decay to 0 at the end of the last epoch.
   */
  public LearningRateSchedule learningRateSchedule(int stepsPerEpoch) {
    if (warmupEpochs == 0 && !cosineDecay) {
      return LearningRateSchedule.constant(learningRate);
    }
    long warmup = Math.round(warmupEpochs * stepsPerEpoch);
    long decay = cosineDecay ? (long) epochs * stepsPerEpoch - warmup : 0;
    return new WarmupCosineDecay(learningRate, warmup, decay);
  }

  /** The model this config describes (a preset or the parsed spec). */
  public ModelSpec modelSpec() {
    return model != null ? Presets.get(model, kernelSize) : SpecParser.parse("custom", spec);
  }
}
