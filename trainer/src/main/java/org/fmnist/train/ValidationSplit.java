package org.fmnist.train;

import org.fmnist.data.LabeledImages;

/**
 * Keras's {@code validation_split}: the last fraction of the training set, taken before any
 * shuffling ({@code split_at = floor(n * (1 - fraction))}).
 */
public record ValidationSplit(LabeledImages train, LabeledImages validation) {

  public static ValidationSplit of(LabeledImages all, double fraction) {
    int splitAt = (int) Math.floor(all.size() * (1.0 - fraction));
    return new ValidationSplit(all.slice(0, splitAt), all.slice(splitAt, all.size()));
  }
}
