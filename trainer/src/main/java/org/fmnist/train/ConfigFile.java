package org.fmnist.train;

import org.fmnist.model.Precision;

/**
 * The layout of a run's {@code config.json}: the {@link TrainingConfig} and the {@link
 * RuntimeSettings} it started with, in one flat object (the order of the fields is the file's). A
 * file written before a field existed reads as that field's default: fp32, constant rate, no
 * target, no regularization.
 */
public record ConfigFile(
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

  public static ConfigFile of(TrainingConfig c, RuntimeSettings r) {
    return new ConfigFile(
        c.model(), c.spec(), c.kernelSize(), c.epochs(), c.batchSize(), c.learningRate(),
        c.validationSplit(), c.seed(), c.limitTrain(), c.earlyStoppingPatience(), r.device(),
        r.threads(), c.precision(), c.warmupEpochs(), c.cosineDecay(), c.targetAccuracy(),
        c.regularization());
  }

  public TrainingConfig training() {
    return new TrainingConfig(
        model, spec, kernelSize, epochs, batchSize, learningRate, validationSplit, seed, limitTrain,
        earlyStoppingPatience, precision, warmupEpochs, cosineDecay, targetAccuracy, regularization);
  }

  public RuntimeSettings runtime() {
    return new RuntimeSettings(device, threads);
  }
}
