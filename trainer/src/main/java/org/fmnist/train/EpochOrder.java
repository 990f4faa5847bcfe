package org.fmnist.train;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the training examples: a Fisher-Yates shuffle seeded from the
 * run's seed and the epoch number, so any epoch's order can be recomputed (resume) and two runs with
 * the same seed see the same data order.
 */
public final class EpochOrder {
  private EpochOrder() {}

  public static int[] of(long seed, int epoch, int size) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
