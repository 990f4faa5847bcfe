package org.fmnist.bench.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Paths measured side by side: every row runs once per round, rounds interleaved (the machine's
 * load drifts; each row sees all of it), and its figures are those of all rounds together, with
 * its throughput as a ratio of the REST row of the same batch and clients, the share of the
 * process's CPU time its client threads used, and the process's resident memory (VmRSS) at the
 * end of its last round (clients and servers share the process).
 */
final class SideBySide {
  static final String REST = "REST `:predict` (fmnist serve, loopback)";

  private final List<Row> rows = new ArrayList<>();

  void add(String path, int batch, int clients, IntFunction<ConcurrentLoad.Client> client) {
    rows.add(new Row(path, batch, clients, client));
  }

  /** Warms every row up once, then runs {@code rounds} rounds of {@code seconds} per row. */
  void run(double warmup, double seconds, int rounds, Consumer<String> progress) throws Exception {
    for (Row row : rows) {
      progress.accept("warm-up: " + row.label());
      ConcurrentLoad.run(row.clients, warmup, row.client);
    }
    for (int round = 1; round <= rounds; round++) {
      for (Row row : rows) {
        progress.accept("round " + round + "/" + rounds + ": " + row.label());
        ConcurrentLoad.Result result = ConcurrentLoad.run(row.clients, seconds, row.client);
        row.latencies.addAll(result.latencies());
        row.seconds += result.seconds();
        row.clientCpuSeconds += result.clientCpuSeconds();
        row.processCpuSeconds += result.processCpuSeconds();
        row.residentKiB = Machine.residentKiB();
      }
    }
  }

  String markdownTable() {
    StringBuilder out = new StringBuilder("| Path | Batch | Clients | p50 (ms) | p99 (ms) | req/s | images/s | vs REST | client CPU | RSS (MiB) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      Row rest = rows.stream().filter(r -> r.path.equals(REST) && r.batch == row.batch && r.clients == row.clients).findFirst().orElse(null);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.3f | %.3f | %,.0f | %,.0f | %s | %.0f %% | %,d |%n",
              row.path,
              row.batch,
              row.clients,
              row.latencies.percentileMillis(50),
              row.latencies.percentileMillis(99),
              row.perSecond(),
              row.perSecond() * row.batch,
              rest == null ? "" : String.format(Locale.ROOT, "%.2f×", row.perSecond() / rest.perSecond()),
              100 * row.clientCpuSeconds / row.processCpuSeconds,
              row.residentKiB >> 10));
    }
    return out.toString();
  }

  private static final class Row {
    final String path;
    final int batch;
    final int clients;
    final IntFunction<ConcurrentLoad.Client> client;
    final Latencies latencies = new Latencies();
    double seconds;
    double clientCpuSeconds;
    double processCpuSeconds;
    long residentKiB;

    Row(String path, int batch, int clients, IntFunction<ConcurrentLoad.Client> client) {
      this.path = path;
      this.batch = batch;
      this.clients = clients;
      this.client = client;
    }

    String label() {
      return path + ", batch " + batch + ", " + clients + " client" + (clients == 1 ? "" : "s");
    }

    double perSecond() {
      return latencies.count() / seconds;
    }
  }
}
