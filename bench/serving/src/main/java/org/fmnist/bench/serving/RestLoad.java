package org.fmnist.bench.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Concurrent TensorFlow Serving clients on loopback: each sends one-image {@code :predict}
 * requests back to back over a kept-alive connection for a fixed time.
 */
final class RestLoad {
  private RestLoad() {}

  static Measurement run(String url, List<String> bodies, int clients, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Latencies>> results = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      results.add(
          pool.submit(
              () -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                return Latencies.repeat(
                    seconds,
                    i -> {
                      String body = bodies.get((client * 7919 + i) % bodies.size());
                      HttpRequest request =
                          HttpRequest.newBuilder(URI.create(url))
                              .timeout(Duration.ofSeconds(30))
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build();
                      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                      if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                      }
                    });
              }));
    }
    Latencies all = new Latencies();
    try {
      for (Future<Latencies> result : results) {
        all.addAll(result.get());
      }
    } finally {
      pool.shutdownNow(); // a failed client stops the others
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Measurement(
        "REST `:predict` (fmnist serve, loopback)", 1, clients, all.percentileMillis(50), all.percentileMillis(99), all.count() / elapsed, "req/s");
  }
}
