package org.fmnist.experiment;

import org.fmnist.model.ModelSpec;
import org.fmnist.model.Presets;

/** One model of the experiment: the {@code cnn} preset with a kernel size, or the MLP baseline. */
public record Variant(String preset, Integer kernel) {
  /** The kernel size written into a baseline run's config; the baseline has no convolution. */
  private static final int UNUSED_KERNEL = 3;

  public static Variant cnn(int kernel) {
    return new Variant("cnn", kernel);
  }

  public static Variant baseline() {
    return new Variant("baseline", null);
  }

  public boolean isBaseline() {
    return kernel == null;
  }

  public int configKernelSize() {
    return isBaseline() ? UNUSED_KERNEL : kernel;
  }

  public ModelSpec spec() {
    return Presets.get(preset, configKernelSize());
  }

  /** The model's name: {@code baseline}, {@code cnn-k3}, ... */
  public String label() {
    return spec().name();
  }

  /** How charts name it: {@code baseline}, {@code k = 3}, ... */
  public String shortLabel() {
    return isBaseline() ? "baseline" : kernel + " × " + kernel;
  }
}
