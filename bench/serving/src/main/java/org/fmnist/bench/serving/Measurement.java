package org.fmnist.bench.serving;

import java.util.Locale;

/** One row of the benchmark table. */
record Measurement(String path, int batch, int clients, double p50Millis, double p99Millis, double perSecond, String unit) {
  /** A single-threaded loop: throughput from the total time spent in the operation. */
  static Measurement of(String path, int batch, Latencies latencies, String unit) {
    return new Measurement(
        path,
        batch,
        1,
        latencies.percentileMillis(50),
        latencies.percentileMillis(99),
        latencies.count() * (double) batch / latencies.totalSeconds(),
        unit);
  }

  String markdownRow() {
    return String.format(
        Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %,.0f %s |", path, batch, clients, p50Millis, p99Millis, perSecond, unit);
  }
}
