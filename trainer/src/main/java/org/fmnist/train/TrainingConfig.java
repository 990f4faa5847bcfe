package org.fmnist.train;

import org.fmnist.errors.BadOptionException;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.Precision;
import org.fmnist.model.Presets;
import org.fmnist.model.SpecParser;

/**
 * What defines a run: its model, hyper-parameters and seed. Two runs with equal configs train the
 * same weights; where and on how many threads they run is in {@link RuntimeSettings}. Build one with
 * {@link #builder()} (Keras's defaults) and change one with {@link #toBuilder()}. {@code model} is a
 * preset name, or null when {@code spec} (the text form) describes the model. {@code learningRate} is
 * the peak rate when a warm-up or cosine decay is set; {@code targetAccuracy} 0 means train all
 * epochs; {@code regularization} is the augmentation, label smoothing and weight decay (a
 * config.json written before it existed reads as none).
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
    Precision precision,
    double warmupEpochs,
    boolean cosineDecay,
    double targetAccuracy,
    Regularization regularization) {

  public TrainingConfig {
    precision = precision == null ? Precision.FP32 : precision;
    regularization = regularization == null ? Regularization.NONE : regularization;
    if ((model == null) == (spec == null)) {
      throw new BadOptionException("give exactly one of {model} and {spec}");
    }
    requirePositive(epochs, "epochs");
    requirePositive(batchSize, "batchSize");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new BadOptionException("{learningRate} must be a finite number > 0, not " + learningRate);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new BadOptionException("{validationSplit} must be in [0, 1), not " + validationSplit);
    }
    if (limitTrain < 0 || earlyStoppingPatience < 0) {
      throw new BadOptionException("{limitTrain} and {earlyStoppingPatience} must be >= 0");
    }
    if (!(warmupEpochs >= 0 && warmupEpochs <= epochs)) {
      throw new BadOptionException("{warmupEpochs} must be in [0, {epochs}], not " + warmupEpochs);
    }
    if (!(targetAccuracy >= 0 && targetAccuracy <= 1)) {
      throw new BadOptionException(
          "{targetAccuracy} must be in (0, 1] (0: off), not " + targetAccuracy);
    }
    if (targetAccuracy > 0 && validationSplit == 0) {
      throw new BadOptionException(
          "{targetAccuracy} watches the validation accuracy: it needs {validationSplit} > 0");
    }
    if (earlyStoppingPatience > 0 && validationSplit == 0) {
      throw new BadOptionException(
          "{earlyStoppingPatience} watches the validation loss: it needs {validationSplit} > 0");
    }
  }

  static void requirePositive(int value, String setting) {
    if (value < 1) {
      throw new BadOptionException("{" + setting + "} must be >= 1, not " + value);
    }
  }

  /** Keras's recipe on the {@code cnn} preset with 3x3 kernels: 10 epochs, batch 32, Adam 1e-3. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.spec = spec;
    b.kernelSize = kernelSize;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.validationSplit = validationSplit;
    b.seed = seed;
    b.limitTrain = limitTrain;
    b.earlyStoppingPatience = earlyStoppingPatience;
    b.precision = precision;
    b.warmupEpochs = warmupEpochs;
    b.cosineDecay = cosineDecay;
    b.targetAccuracy = targetAccuracy;
    b.regularization = regularization;
    return b;
  }

  /** Named settings; {@link #build()} checks them together. */
  public static final class Builder {
    private String model = "cnn";
    private String spec;
    private int kernelSize = 3;
    private int epochs = 10;
    private int batchSize = 32;
    private double learningRate = 1e-3;
    private double validationSplit = 0.1;
    private long seed = 42;
    private int limitTrain;
    private int earlyStoppingPatience;
    private Precision precision = Precision.FP32;
    private double warmupEpochs;
    private boolean cosineDecay;
    private double targetAccuracy;
    private Regularization regularization = Regularization.NONE;

    private Builder() {}

    /** A preset (see {@link Presets}); clears any spec. */
    public Builder model(String preset) {
      this.model = preset;
      this.spec = null;
      return this;
    }

    /** A model in the text form of {@link SpecParser}; clears the preset. */
    public Builder spec(String text) {
      this.spec = text;
      this.model = null;
      return this;
    }

    public Builder kernelSize(int kernelSize) {
      this.kernelSize = kernelSize;
      return this;
    }

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder validationSplit(double validationSplit) {
      this.validationSplit = validationSplit;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder limitTrain(int limitTrain) {
      this.limitTrain = limitTrain;
      return this;
    }

    public Builder earlyStoppingPatience(int patience) {
      this.earlyStoppingPatience = patience;
      return this;
    }

    public Builder precision(Precision precision) {
      this.precision = precision;
      return this;
    }

    public Builder warmupEpochs(double warmupEpochs) {
      this.warmupEpochs = warmupEpochs;
      return this;
    }

    public Builder cosineDecay(boolean cosineDecay) {
      this.cosineDecay = cosineDecay;
      return this;
    }

    public Builder targetAccuracy(double targetAccuracy) {
      this.targetAccuracy = targetAccuracy;
      return this;
    }

    public Builder regularization(Regularization regularization) {
      this.regularization = regularization;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(
          model, spec, kernelSize, epochs, batchSize, learningRate, validationSplit, seed,
          limitTrain, earlyStoppingPatience, precision, warmupEpochs, cosineDecay, targetAccuracy,
          regularization);
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
