package org.fmnist.serving.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map.Entry;
import java.util.Map;
import java.util.function.Supplier;
import org.fmnist.serving.batching.BatchStatistics;

/**
 * The server's Prometheus metrics, kept with the Prometheus Java client and written in its text
 * format: requests by model, version, API and status; request latency; batch sizes and queued
 * requests per version; versions loaded per model; the JVM's memory and the process's (resident
 * memory, CPU, open files).
 */
public final class ServingMetrics {
  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
  /** The media type of {@link #scrape()}'s text. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests =
      Counter.builder()
          .name("fmnist_serving_requests_total")
          .help("Requests answered, by model, version, API and status (HTTP status code, or gRPC status name)")
          .labelNames("model", "version", "api", "status")
          .withoutExemplars() // exemplars link to trace spans, which fmnist serve has none of; off, observe() skips the sampler
          .register(registry);
  private final Histogram latency =
      Histogram.builder()
          .name("fmnist_serving_request_latency_seconds")
          .help("Time from a request's last byte to its answer")
          .labelNames("model", "api")
          .withoutExemplars()
          .classicOnly()
          .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30)
          .register(registry);
  private final Histogram batchSize =
      Histogram.builder()
          .name("fmnist_serving_batch_size")
          .help("Examples per batch run by the batch scheduler (before padding)")
          .labelNames("model", "version")
          .withoutExemplars()
          .classicOnly()
          .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
          .register(registry);
  private final Gauge queued =
      Gauge.builder()
          .name("fmnist_serving_batch_queued_requests")
          .help("Requests waiting in a version's batch queues")
          .labelNames("model", "version")
          .register(registry);

  public ServingMetrics() {
    JvmMemoryMetrics.builder().register(registry);
    ProcessMetrics.builder().register(registry);
  }

  /** Reports the versions each model serves, read at every scrape. */
  public void watchLoadedVersions(Supplier<Map<String, Integer>> loadedVersions) {
    GaugeWithCallback.builder()
        .name("fmnist_serving_loaded_versions")
        .help("Versions of a model being served")
        .labelNames("model")
        .callback(
            callback -> {
              for (Entry<String, Integer> model : loadedVersions.get().entrySet()) {
                callback.call(model.getValue(), model.getKey());
              }
            })
        .register(registry);
  }

  public void request(RequestLabels labels, int status, double seconds) {
    request(labels, Integer.toString(status), seconds);
  }

  /** A gRPC call's answer: {@code status} is its status code's name ({@code OK}, {@code NOT_FOUND}). */
  public void request(RequestLabels labels, String status, double seconds) {
    requests.labelValues(labels.model(), labels.version(), labels.api(), status).inc();
    latency.labelValues(labels.model(), labels.api()).observe(seconds);
  }

  /** What one version's batch scheduler reports into. */
  public BatchStatistics batchStatistics(String model, long version) {
    String number = Long.toString(version);
    return new BatchStatistics() {
      @Override
      public void queued(int requests) {
        queued.labelValues(model, number).set(requests);
      }

      @Override
      public void batch(int examples, int paddedRows) {
        batchSize.labelValues(model, number).observe(examples);
      }
    };
  }

  /** Every metric in Prometheus's text format ({@link #CONTENT_TYPE}). */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TEXT.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
