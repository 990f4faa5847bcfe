package org.fmnist.bench.serving;

import java.util.Arrays;

/** Durations of repeated operations, in nanoseconds, and their percentiles. */
final class Latencies {
  private long[] nanos = new long[4096];
  private int count;
  private long totalNanos;

  synchronized void add(long duration) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = duration;
    totalNanos += duration;
  }

  synchronized void addAll(Latencies other) {
    for (int i = 0; i < other.count; i++) {
      add(other.nanos[i]);
    }
  }

  synchronized int count() {
    return count;
  }

  /** The time spent in the operations, in seconds. */
  synchronized double totalSeconds() {
    return totalNanos / 1e9;
  }

  /** The {@code p}-th percentile (0..100) in milliseconds, nearest rank. */
  synchronized double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
  }

  /** Runs {@code operation} repeatedly for {@code seconds}, timing each run. */
  static Latencies repeat(double seconds, Operation operation) throws Exception {
    Latencies latencies = new Latencies();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int i = 0; System.nanoTime() < end; i++) {
      long start = System.nanoTime();
      operation.run(i);
      latencies.add(System.nanoTime() - start);
    }
    return latencies;
  }

  /** One timed operation; {@code i} counts the runs, to vary the input. */
  interface Operation {
    void run(int i) throws Exception;
  }
}
