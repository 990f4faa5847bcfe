package org.fmnist.bench.serving;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.IntFunction;

/**
 * Concurrent clients, each repeating its own operation back to back for a fixed time: the
 * latencies of all of them, and the wall time they ran. A failed client stops the others.
 */
final class ConcurrentLoad {
  private ConcurrentLoad() {}

  /** A client's operation; made once per client thread (its connection, its buffers). */
  interface Client extends AutoCloseable {
    void call(int i) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /**
   * What one run measured: the latencies, the wall time, the CPU time of the client threads (their
   * calls; for REST that is all the client's work) and of the whole process (clients, servers, model).
   */
  record Result(Latencies latencies, double seconds, double clientCpuSeconds, double processCpuSeconds) {}

  static Result run(int clients, double seconds, IntFunction<Client> newClient) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Latencies>> results = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    DoubleAdder clientCpu = new DoubleAdder();
    long processCpu = Machine.processCpuNanos();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int id = c;
      results.add(
          pool.submit(
              () -> {
                try (Client client = newClient.apply(id)) {
                  long cpu = threads.getCurrentThreadCpuTime();
                  Latencies latencies = Latencies.repeat(seconds, client::call);
                  clientCpu.add((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
                  return latencies;
                }
              }));
    }
    Latencies all = new Latencies();
    try {
      for (Future<Latencies> result : results) {
        all.addAll(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(all, (System.nanoTime() - start) / 1e9, clientCpu.sum(), (Machine.processCpuNanos() - processCpu) / 1e9);
  }
}
