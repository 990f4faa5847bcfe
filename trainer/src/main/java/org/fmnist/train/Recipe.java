package org.fmnist.train;

import java.util.Locale;
import org.fmnist.model.Precision;

/**
 * Default training hyper-parameters; options given explicitly override them. {@code STANDARD} is
 * Keras's recipe (cnn, batch 32, Adam 1e-3, constant rate, float32). {@code FAST} is the speedrun:
 * the cnn for 6 epochs at batch 256 with a linearly scaled learning rate, a one-epoch linear
 * warm-up and cosine decay to 0 over the run, so the rate has annealed when the short run ends.
 * {@code BEST} aims at the highest test accuracy in minutes: the BatchNormalization cnn for 30
 * epochs with random shifts and flips, label smoothing 0.1 and Keras's default AdamW weight decay
 * (0.004). Both compute in bf16 when the CPU has native bf16 kernels (AMX or AVX512-BF16) and the
 * run is on the CPU.
 */
public enum Recipe {
  STANDARD,
  FAST,
  BEST;

  private static Precision nativeBf16(CpuFeatures cpu, Device device) {
    return device == Device.CPU && cpu.nativeBf16() ? Precision.BF16 : Precision.FP32;
  }

  /** The values a recipe sets; {@code model} is the preset used when no model is given. */
  public record Defaults(
      String model,
      int epochs,
      int batchSize,
      double learningRate,
      double warmupEpochs,
      boolean cosineDecay,
      Precision precision,
      Regularization regularization) {}

  public Defaults defaults(CpuFeatures cpu, Device device) {
    return switch (this) {
      case STANDARD -> new Defaults("cnn", 10, 32, 1e-3, 0, false, Precision.FP32, Regularization.NONE);
      case FAST -> new Defaults(
          "cnn", 6, 256, 4e-3, 1, true, nativeBf16(cpu, device), Regularization.NONE);
      case BEST -> new Defaults(
          "cnn-bn", 30, 128, 2e-3, 1, true, nativeBf16(cpu, device),
          new Regularization(Augmentation.parse("shift:2,flip"), 0.1, 0.004));
    };
  }

  /** The option value: {@code standard} or {@code fast}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
