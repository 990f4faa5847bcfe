package org.fmnist.bench.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Peers timed in alternation: several rounds, each giving every operation an equal slice, so that
 * a noisy machine slows all of them alike; their latencies are pooled per operation and the p50s
 * reported as ratios to the first.
 */
final class Interleaved {
  private static final int ROUNDS = 5;

  private Interleaved() {}

  /** Measurements in the order given, each over {@code seconds} split into rounds. */
  static List<Measurement> run(Map<String, Latencies.Operation> operations, int batch, double seconds, double warmup) throws Exception {
    Map<String, Latencies> pooled = new LinkedHashMap<>();
    for (Map.Entry<String, Latencies.Operation> operation : operations.entrySet()) {
      Latencies.repeat(warmup, operation.getValue());
      pooled.put(operation.getKey(), new Latencies());
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (Map.Entry<String, Latencies.Operation> operation : operations.entrySet()) {
        pooled.get(operation.getKey()).addAll(Latencies.repeat(seconds / ROUNDS, operation.getValue()));
      }
    }
    List<Measurement> rows = new ArrayList<>();
    pooled.forEach((name, latencies) -> rows.add(Measurement.of(name, batch, latencies, "images/s")));
    return rows;
  }

  /** "p50 ratios (interleaved, batch 1): A 1.00, B 2.13, ..." */
  static String ratios(List<Measurement> rows) {
    StringBuilder text = new StringBuilder("p50 relative to ").append(rows.get(0).path()).append(" (interleaved, batch ").append(rows.get(0).batch()).append("):");
    for (Measurement row : rows) {
      text.append(String.format(Locale.ROOT, " %s %.2f×;", row.path(), row.p50Millis() / rows.get(0).p50Millis()));
    }
    return text.substring(0, text.length() - 1) + ".";
  }
}
