package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.fmnist.data.LabeledImages;
import org.junit.jupiter.api.Test;

class EpochOrderTest {
  @Test
  void eachEpochIsAReproduciblePermutation() {
    int[] first = EpochOrder.of(42, 1, 1000);
    assertArrayEquals(first, EpochOrder.of(42, 1, 1000));
    assertFalse(Arrays.equals(first, EpochOrder.of(42, 2, 1000)));
    assertFalse(Arrays.equals(first, EpochOrder.of(43, 1, 1000)));
    int[] sorted = first.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  void validationIsTheLastFractionBeforeShuffling() {
    byte[] labels = new byte[60_000];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (i % 10);
    }
    LabeledImages all = new LabeledImages(new byte[60_000 * LabeledImages.PIXELS], labels);
    ValidationSplit split = ValidationSplit.of(all, 0.1);
    assertEquals(54_000, split.train().size());
    assertEquals(6_000, split.validation().size());
    assertEquals(54_000 % 10, split.validation().label(0));
    assertEquals(2, ValidationSplit.of(all.first(10), 0.15).validation().size()); // floor(8.5) = 8 train
  }
}
