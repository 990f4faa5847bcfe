package org.fmnist.train;

import java.util.Locale;
import org.fmnist.model.Precision;

/**
 * Default training hyper-parameters; options given explicitly override them. {@code STANDARD} is
 * Keras's recipe (cnn, batch 32, Adam 1e-3, constant rate, float32, 10 % held out for validation).
 * The other three are measured points of accuracy against training time, each with a linear
 * warm-up and cosine decay to 0 over the run (so the rate has annealed when the run ends), and each
 * training on all 60,000 images without a validation pass (the test set judges them after the run;
 * nothing in training looks at it). {@code FAST} is the speedrun: a small BatchNormalization cnn
 * whose first convolution has stride 2 ({@code cnn-bn-strided}) for 3 epochs at batch 256. {@code BALANCED} trains {@code vgg-bn} for 6
 * epochs at batch 256 with label smoothing 0.1. {@code BEST} aims at the highest test accuracy in minutes: {@code vgg-bn} for 30
 * epochs with random shifts and flips, label smoothing 0.1 and Keras's default AdamW weight decay
 * (0.004). All but {@code STANDARD} compute in bf16 when the CPU has native bf16 kernels (AMX or
 * AVX512-BF16) and the run is on the CPU.
 */
public enum Recipe {
  STANDARD,
  FAST,
  BALANCED,
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
      double validationSplit,
      Precision precision,
      Regularization regularization) {}

  public Defaults defaults(CpuFeatures cpu, Device device) {
    Precision bf16 = nativeBf16(cpu, device);
    return switch (this) {
      case STANDARD -> new Defaults(
          "cnn", 10, 32, 1e-3, 0, false, 0.1, Precision.FP32, Regularization.NONE);
      case FAST -> new Defaults(
          "cnn-bn-strided", 3, 256, 5e-3, 0.3, true, 0, bf16, Regularization.NONE);
      case BALANCED -> new Defaults(
          "vgg-bn", 6, 256, 4e-3, 0.3, true, 0, bf16,
          new Regularization(Augmentation.NONE, 0.1, 0));
      case BEST -> new Defaults(
          "vgg-bn", 30, 128, 2e-3, 1, true, 0, bf16,
          new Regularization(Augmentation.parse("shift:2,flip"), 0.1, 0.004));
    };
  }

  /** The option value: {@code standard}, {@code fast}, {@code balanced} or {@code best}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
