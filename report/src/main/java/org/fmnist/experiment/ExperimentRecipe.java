package org.fmnist.experiment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.fmnist.errors.BadOptionException;
import org.fmnist.train.KerasAdam;
import org.fmnist.train.RuntimeSettings;
import org.fmnist.train.TrainingConfig;

/**
 * Everything the experiment keeps fixed: the published Keras study's training recipe (batch 32,
 * Adam at 1e-3, the last 10 % of the training set for validation) and the number of epochs. Only
 * the model differs between the runs of one seed; the seed fixes the initial weights, the data
 * order of every epoch (the same for every model) and nothing else.
 */
public record ExperimentRecipe(int epochs, int limitTrain, int threads) {
  public static final int BATCH_SIZE = 32;
  public static final double LEARNING_RATE = 1e-3;
  public static final double VALIDATION_SPLIT = 0.1;

  public ExperimentRecipe {
    if (epochs < 1) {
      throw new BadOptionException("{epochs} must be >= 1, not " + epochs);
    }
    if (limitTrain != 0 && limitTrain < 10) {
      throw new BadOptionException(
          "{limitTrain} must be 0 (all images) or >= 10 (to leave validation images), not "
              + limitTrain);
    }
    if (threads < 1) {
      throw new BadOptionException("{threads} must be >= 1, not " + threads);
    }
  }

  public RuntimeSettings runtime() {
    return RuntimeSettings.cpu(threads);
  }

  public TrainingConfig config(Variant variant, long seed) {
    return TrainingConfig.builder().model(variant.preset()).kernelSize(variant.configKernelSize()).epochs(epochs).batchSize(BATCH_SIZE).learningRate(LEARNING_RATE).validationSplit(VALIDATION_SPLIT).seed(seed).limitTrain(limitTrain).build();
  }

  /** The fixed recipe in words, for the reports. */
  public List<String> describe() {
    return List.of(
        "Only the kernel size of the convolutions varies: the models' layers are listed below (the"
            + " baseline, when present, is the reference MLP). Everything else is fixed:",
        "Optimizer: Adam with Keras's defaults (beta1 " + KerasAdam.BETA_1 + ", beta2 "
            + KerasAdam.BETA_2 + ", epsilon " + decimal(KerasAdam.EPSILON) + "), learning rate " + LEARNING_RATE
            + ", constant.",
        "Batch size " + BATCH_SIZE + ", " + epochs + (epochs == 1 ? " epoch" : " epochs")
            + ", no early stopping.",
        "Validation: the last " + Math.round(100 * VALIDATION_SPLIT)
            + " % of the training images, as Keras's validation_split; "
            + (limitTrain > 0 ? "only the first " + limitTrain + " training images are used." : "all 60,000 training images are used."),
        "Seeds 1, 2, ...: a seed fixes a run's initial weights and the shuffled data order of each"
            + " epoch; every model sees the same data order for the same seed.",
        "Test metrics are those of the weights after the last epoch.",
        "Seconds per epoch: wall-clock time of an epoch's training steps and validation pass, on"
            + " the CPU with " + threads + " TensorFlow threads.");
  }

  /** {@code 1e-7}, as Keras writes it. */
  private static String decimal(float value) {
    return new BigDecimal(Float.toString(value)).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
  }
}
