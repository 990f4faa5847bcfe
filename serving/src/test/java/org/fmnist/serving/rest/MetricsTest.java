package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.batching.BatchingParameters;
import org.fmnist.serving.grpc.GrpcConfig;
import org.fmnist.serving.grpc.KServeMethods;
import org.fmnist.serving.grpc.TfServingMethods;
import org.fmnist.serving.grpc.kserve.ModelInferRequest;
import org.fmnist.serving.grpc.kserve.ModelMetadataRequest;
import org.fmnist.serving.grpc.tfserving.GetModelMetadataRequest;
import org.fmnist.serving.grpc.tfserving.GetModelStatusRequest;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /monitoring/prometheus/metrics after a known sequence of requests, read by the Prometheus text format's rules. */
class MetricsTest {
  @Test
  void theMetricsCountAKnownSequenceOfRequests(@TempDir Path base) {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    String image = "{\"instances\": [" + imageJson(FashionTestImages.load().floats(0), true) + "]}";
    ServerConfig config =
        ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(2)
            .batching(new BatchingParameters(8, 0, 10, 1, List.of()))
            .monitoring(true).build();
    try (ModelServer server = ModelServer.start(config, line -> {})) {
      RestClient client = new RestClient(server.port());
      for (int i = 0; i < 3; i++) {
        assertEquals(200, client.post("/v1/models/fashion:predict", image).status());
      }
      assertEquals(404, client.post("/v1/models/shoes:predict", image).status());
      assertEquals(400, client.post("/v1/models/fashion:predict", "{\"instances\": [1,").status());
      assertEquals(200, client.get("/v1/models/fashion").status());
      assertEquals(200, client.get("/v1/models/fashion/versions/1/metadata").status());

      RestClient.Response scraped = client.get(ModelServer.METRICS_PATH);
      assertEquals(200, scraped.status());
      assertTrue(scraped.contentType().startsWith("text/plain; version=0.0.4"), scraped.contentType());
      Exposition metrics = Exposition.parse(scraped.body());

      assertEquals(3, metrics.value("fmnist_serving_requests_total", "model=fashion,version=1,api=predict,status=200"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=,version=,api=predict,status=404"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=fashion,version=,api=predict,status=400"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=fashion,version=,api=status,status=200"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=fashion,version=1,api=metadata,status=200"));
      assertEquals("counter", metrics.types.get("fmnist_serving_requests_total"));
      assertEquals(4, metrics.value("fmnist_serving_request_latency_seconds_count", "model=fashion,api=predict"));
      assertEquals(4, metrics.value("fmnist_serving_request_latency_seconds_bucket", "model=fashion,api=predict,le=+Inf"));
      assertEquals("histogram", metrics.types.get("fmnist_serving_request_latency_seconds"));
      assertEquals(3, metrics.value("fmnist_serving_batch_size_count", "model=fashion,version=1"));
      assertEquals(3, metrics.value("fmnist_serving_batch_size_sum", "model=fashion,version=1"));
      assertEquals(3, metrics.value("fmnist_serving_batch_size_bucket", "model=fashion,version=1,le=1.0"));
      assertEquals(0, metrics.value("fmnist_serving_batch_queued_requests", "model=fashion,version=1"));
      assertEquals(1, metrics.value("fmnist_serving_loaded_versions", "model=fashion"));
      assertTrue(metrics.value("process_resident_memory_bytes", "") > 1 << 20);
      assertTrue(metrics.value("jvm_memory_used_bytes", "area=heap") > 0);
      metrics.assertHistogramsCumulative();

      assertEquals(400, client.post(ModelServer.METRICS_PATH, "").status());
    }
  }

  @Test
  void gRpcCallsCountIntoTheSameMetricsAsRest(@TempDir Path base) throws InterruptedException {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    TensorProto.Builder image =
        TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)).addDim(TensorShapeProto.Dim.newBuilder().setSize(28))
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(28)).addDim(TensorShapeProto.Dim.newBuilder().setSize(1)));
    for (float v : FashionTestImages.load().floats(0)) {
      image.addFloatVal(v);
    }
    ModelSpec fashion = ModelSpec.newBuilder().setName("fashion").build();
    PredictRequest predict = PredictRequest.newBuilder().setModelSpec(fashion).putInputs("image", image.build()).build();
    ServerConfig config = ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(2).monitoring(true).build();
    try (ModelServer server = ModelServer.start(config, Optional.of(new GrpcConfig(0, 1 << 20)), line -> {})) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().getAsInt()).usePlaintext().build();
      try {
        for (int i = 0; i < 2; i++) {
          call(channel, TfServingMethods.PREDICT, predict);
        }
        assertRefused(Status.Code.NOT_FOUND, channel, TfServingMethods.PREDICT,
            predict.toBuilder().setModelSpec(ModelSpec.newBuilder().setName("shoes")).build());
        call(channel, TfServingMethods.GET_MODEL_METADATA,
            GetModelMetadataRequest.newBuilder().setModelSpec(fashion).addMetadataField("signature_def").build());
        call(channel, TfServingMethods.GET_MODEL_STATUS, GetModelStatusRequest.newBuilder().setModelSpec(fashion).build());
        call(channel, KServeMethods.MODEL_METADATA, ModelMetadataRequest.newBuilder().setName("fashion").build());
        assertRefused(Status.Code.NOT_FOUND, channel, KServeMethods.MODEL_INFER, ModelInferRequest.newBuilder().setModelName("boots").build());
        assertRefused(Status.Code.UNIMPLEMENTED, channel,
            TfServingMethods.PREDICT.toBuilder().setFullMethodName("tensorflow.serving.PredictionService/Guess").build(), predict);
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      RestClient client = new RestClient(server.port());
      assertEquals(200, client.post("/v1/models/fashion:predict", "{\"instances\": [" + imageJson(FashionTestImages.load().floats(0), true) + "]}").status());

      Exposition metrics = scrapeAfter(client, 8);
      assertEquals(2, metrics.value("fmnist_serving_requests_total", "model=fashion,version=1,api=grpc_predict,status=OK"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=,version=,api=grpc_predict,status=NOT_FOUND"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=fashion,version=1,api=grpc_get_model_metadata,status=OK"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=fashion,version=,api=grpc_get_model_status,status=OK"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=fashion,version=1,api=kserve_grpc_model_metadata,status=OK"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=,version=,api=kserve_grpc_infer,status=NOT_FOUND"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=,version=,api=grpc_unknown,status=UNIMPLEMENTED"));
      assertEquals(1, metrics.value("fmnist_serving_requests_total", "model=fashion,version=1,api=predict,status=200"));
      assertEquals(2, metrics.value("fmnist_serving_request_latency_seconds_count", "model=fashion,api=grpc_predict"));
      assertEquals(1, metrics.value("fmnist_serving_request_latency_seconds_count", "model=,api=grpc_predict"));
      assertEquals(1, metrics.value("fmnist_serving_request_latency_seconds_count", "model=fashion,api=predict"));
      metrics.assertHistogramsCumulative();
    }
  }

  private static <Q, R> R call(ManagedChannel channel, MethodDescriptor<Q, R> method, Q request) {
    return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
  }

  private static <Q> void assertRefused(Status.Code code, ManagedChannel channel, MethodDescriptor<Q, ?> method, Q request) {
    try {
      call(channel, method, request);
      throw new AssertionError(method.getFullMethodName() + " answered, expected " + code);
    } catch (StatusRuntimeException e) {
      assertEquals(code, e.getStatus().getCode());
    }
  }

  /**
   * The metrics once {@code grpcCalls} gRPC calls are counted: a server counts a call when its
   * stream closes, which may come just after the client has read the answer.
   */
  private static Exposition scrapeAfter(RestClient client, int grpcCalls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Exposition metrics = Exposition.parse(client.get(ModelServer.METRICS_PATH).body());
      double counted =
          metrics.samples.entrySet().stream()
              .filter(sample -> sample.getKey().startsWith("fmnist_serving_requests_total{") && sample.getKey().contains("grpc_"))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      if (counted >= grpcCalls || System.nanoTime() > deadline) {
        assertEquals(grpcCalls, counted);
        return metrics;
      }
      Thread.sleep(10);
    }
  }

  @Test
  void withoutMonitoringThereIsNoMetricsPage(@TempDir Path base) {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    try (ModelServer server = ModelServer.start(ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(2).build(), line -> {})) {
      assertEquals(404, new RestClient(server.port()).get(ModelServer.METRICS_PATH).status());
    }
  }

  /** The text exposition format, read line by line by its rules: comments, then samples of {@code name{labels} value}. */
  static final class Exposition {
    private static final Pattern HELP_OR_TYPE = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\"\\\\n])*)\",?");

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, Double> samples = new LinkedHashMap<>();

    static Exposition parse(String text) {
      Exposition exposition = new Exposition();
      for (String line : text.split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        if (line.startsWith("#")) {
          Matcher m = HELP_OR_TYPE.matcher(line);
          assertTrue(m.matches(), "not a HELP or TYPE line: " + line);
          if (m.group(1).equals("TYPE")) {
            assertTrue(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(m.group(3)), line);
            assertTrue(exposition.types.put(m.group(2), m.group(3)) == null, "TYPE given twice: " + line);
          }
          continue;
        }
        Matcher m = SAMPLE.matcher(line);
        assertTrue(m.matches(), "not a sample line: " + line);
        String name = m.group(1);
        assertTrue(exposition.types.keySet().stream().anyMatch(name::startsWith), "sample before its TYPE: " + line);
        String labels = m.group(2) == null ? "" : labels(m.group(2), line);
        double value = switch (m.group(3)) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(m.group(3));
        };
        assertTrue(exposition.samples.put(name + "{" + labels + "}", value) == null, "sample given twice: " + line);
      }
      return exposition;
    }

    private static String labels(String text, String line) {
      List<String> pairs = new ArrayList<>();
      Matcher m = LABEL.matcher(text);
      int at = 0;
      while (at < text.length()) {
        assertTrue(m.find(at) && m.start() == at, "malformed labels: " + line);
        pairs.add(m.group(1) + "=" + m.group(2));
        at = m.end();
      }
      return sorted(pairs);
    }

    /** Label order carries no meaning in the format: compare them sorted. */
    private static String sorted(List<String> pairs) {
      return String.join(",", pairs.stream().sorted().toList());
    }

    double value(String name, String labels) {
      String key = name + "{" + (labels.isEmpty() ? "" : sorted(List.of(labels.split(",")))) + "}";
      Double value = samples.get(key);
      if (value == null) {
        throw new AssertionError("no sample " + key + " in " + samples.keySet().stream().filter(k -> k.startsWith(name)).toList());
      }
      return value;
    }

    /** Each histogram's buckets count up, and its +Inf bucket equals its count. */
    void assertHistogramsCumulative() {
      types.forEach(
          (name, type) -> {
            if (!type.equals("histogram")) {
              return;
            }
            Map<String, Double> last = new LinkedHashMap<>();
            samples.forEach(
                (key, value) -> {
                  if (key.startsWith(name + "_bucket{")) {
                    String series = key.replaceAll(",?le=[^,}]*", "").replace("{,", "{");
                    Double previous = last.put(series, value);
                    assertTrue(previous == null || previous <= value, "buckets not cumulative at " + key);
                    if (key.contains("le=+Inf")) {
                      assertEquals(samples.get(series.replace("_bucket{", "_count{")), value, key);
                    }
                  }
                });
          });
    }
  }
}
