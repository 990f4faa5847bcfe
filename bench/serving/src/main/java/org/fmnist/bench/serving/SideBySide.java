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
 * end of its last round (clients and servers share the process). Before the rounds a JIT warm-up
 * may drive the served paths, so that no row measures a server the JIT compiler is still compiling.
 */
final class SideBySide {
  static final String REST = "REST `:predict` (fmnist serve, loopback)";

  private final List<Row> rows = new ArrayList<>();

  /** A path computed in the harness's own process, no server in between. */
  void add(String path, int batch, int clients, IntFunction<ConcurrentLoad.Client> client) {
    rows.add(new Row(path, batch, clients, false, client));
  }

  /** A path through one of the servers: the JIT warm-up drives it. */
  void addServed(String path, int batch, int clients, IntFunction<ConcurrentLoad.Client> client) {
    rows.add(new Row(path, batch, clients, true, client));
  }

  /**
   * The one-off JIT warm-up of the whole JVM: every served path at the largest client count, {@code
   * seconds} split evenly across them; nothing of it is measured. 0 skips it.
   */
  void warmUpServers(double seconds, Consumer<String> progress) throws Exception {
    if (seconds == 0) {
      return;
    }
    List<Row> paths = servedAtMostClients();
    double each = seconds / paths.size();
    for (Row row : paths) {
      progress.accept(String.format(Locale.ROOT, "JIT warm-up (%.1f s, not measured): %s", each, row.label()));
      ConcurrentLoad.run(row.clients, each, row.client);
    }
  }

  /** The report's line on {@link #warmUpServers}. */
  String serverWarmupNote(double seconds) {
    if (seconds == 0) {
      return "No JIT warm-up of the servers before the rounds (--server-warmup 0).";
    }
    List<Row> paths = servedAtMostClients();
    return String.format(
        Locale.ROOT,
        "JIT warm-up before the rounds, not measured: %.1f s split across the %d server paths of the table (%.1f s each) at %d clients.",
        seconds, paths.size(), seconds / paths.size(), paths.get(0).clients);
  }

  private List<Row> servedAtMostClients() {
    int most = rows.stream().filter(row -> row.served).mapToInt(row -> row.clients).max().orElse(0);
    return rows.stream().filter(row -> row.served && row.clients == most).toList();
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
    final boolean served;
    final IntFunction<ConcurrentLoad.Client> client;
    final Latencies latencies = new Latencies();
    double seconds;
    double clientCpuSeconds;
    double processCpuSeconds;
    long residentKiB;

    Row(String path, int batch, int clients, boolean served, IntFunction<ConcurrentLoad.Client> client) {
      this.path = path;
      this.batch = batch;
      this.clients = clients;
      this.served = served;
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
