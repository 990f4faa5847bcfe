package org.fmnist.tensorboard;

import org.fmnist.errors.BadOptionException;

/**
 * What the TensorBoard logs hold besides the per-epoch scalars, as Keras's callback arguments:
 * {@code updateFrequency} N writes {@code batch_loss} and {@code batch_accuracy} every N optimizer
 * steps (0: only per epoch, Keras's {@code update_freq="epoch"}); {@code histogramFrequency} N
 * writes the weight histograms and the first layer's filters every N epochs (0: never).
 */
public record TensorBoardOptions(int updateFrequency, int histogramFrequency) {
  /** Per-epoch scalars, histograms and filters every epoch. */
  public static final TensorBoardOptions DEFAULTS = new TensorBoardOptions(0, 1);

  public TensorBoardOptions {
    if (updateFrequency < 0) {
      throw new BadOptionException(
          "{tensorboardUpdateFreq} must be 'epoch', 'batch' or a number of steps >= 1, not "
              + updateFrequency);
    }
    if (histogramFrequency < 0) {
      throw new BadOptionException(
          "{histogramFreq} must be >= 0 (0: no histograms), not " + histogramFrequency);
    }
  }
}
