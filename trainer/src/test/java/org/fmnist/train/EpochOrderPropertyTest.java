package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** An epoch's data order is a permutation of the training examples, and the same for the same seed. */
class EpochOrderPropertyTest {
  @Property(tries = 200)
  void anEpochVisitsEveryExampleOnce(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 100) int epoch, @ForAll @IntRange(min = 0, max = 5000) int size) {
    int[] order = EpochOrder.of(seed, epoch, size);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    assertArrayEquals(IntStream.range(0, size).toArray(), sorted);
    assertArrayEquals(order, EpochOrder.of(seed, epoch, size), "recomputed on resume");
  }
}
