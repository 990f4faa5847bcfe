package org.fmnist.train;

/**
 * How a run is computed, not what it learns: the device and TensorFlow's thread count. A resumed
 * run may use other settings than it started with.
 */
public record RuntimeSettings(Device device, int threads) {
  public RuntimeSettings {
    device = device == null ? Device.CPU : device;
    TrainingConfig.requirePositive(threads, "threads");
  }

  /** The CPU with {@code threads} threads. */
  public static RuntimeSettings cpu(int threads) {
    return new RuntimeSettings(Device.CPU, threads);
  }
}
