package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fmnist.serving.ClientThreads;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.batching.BatchingParameters;
import org.fmnist.serving.grpc.GrpcClient;
import org.fmnist.serving.grpc.GrpcConfig;
import org.fmnist.serving.grpc.TfServingMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fmnist serve with batching on: concurrent REST clients get the in-process answers; oversized requests get TF Serving's 400, a full queue 429. */
class BatchedServingTest {
  static final int CLIENTS = 8;
  static final int REQUESTS = 50;

  @Test
  void concurrentClientsAreBatchedAndGetTheInProcessPredictions(@TempDir Path base) throws Exception {
    FashionTestImages images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    ServerConfig config =
        ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(CLIENTS)
            .batching(new BatchingParameters(8, 2_000, 100, 1, List.of(8))).build();
    try (ImageClassifier inProcess = ImageClassifier.load(base.resolve("fashion"));
        ModelServer server = ModelServer.start(config, log::add)) {
      assertTrue(log.stream().anyMatch(line -> line.endsWith("(tensorflow, batching)")), log.toString());
      RestClient client = new RestClient(server.port());
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<Integer>> checked = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int clientId = c;
        checked.add(
            clients.submit(
                () -> {
                  for (int r = 0; r < REQUESTS; r++) {
                    float[] image = images.floats((clientId * 500 + r) % images.size());
                    RestClient.Response response = client.post("/v1/models/fashion:predict", "{\"instances\": [" + imageJson(image, true) + "]}");
                    assertEquals(200, response.status(), response.body());
                    // every batch runs padded to 8 rows; TensorFlow's results depend on the batch size only
                    float[][] eight = new float[8][];
                    Arrays.fill(eight, image);
                    Prediction expected = inProcess.predictBatch(eight).get(0);
                    JsonNode answer = response.json().get("predictions").get(0);
                    assertEquals(expected.classId(), answer.get("class_id").asInt());
                    float[] probabilities = RestClient.floats(answer.get("probabilities"));
                    for (int k = 0; k < probabilities.length; k++) {
                      assertEquals(expected.probabilities()[k], probabilities[k], 1e-6f);
                    }
                  }
                  return REQUESTS;
                }));
      }
      for (Future<Integer> f : checked) {
        assertEquals(REQUESTS, f.get(120, TimeUnit.SECONDS));
      }
      clients.shutdown();

      StringBuilder nine = new StringBuilder("{\"instances\": [");
      for (int k = 0; k < 9; k++) {
        nine.append(k == 0 ? "" : ",").append(imageJson(images.floats(k), true));
      }
      RestClient.Response oversized = client.post("/v1/models/fashion:predict", nine.append("]}").toString());
      assertEquals(400, oversized.status());
      assertEquals("Task size 9 is larger than maximum input batch size 8", oversized.error());
    }
  }

  /**
   * max_batch_size 2, one batch may wait, a batch that is not full waits a minute: one image holds
   * the open batch, so a request of two needs a second batch and finds the queue full, over REST
   * (429, TF Serving's error body) and gRPC (RESOURCE_EXHAUSTED) alike; another single image then
   * fills the batch and both waiting requests get their answers.
   */
  @Test
  void aFullBatchQueueAnswers429OverRestAndResourceExhaustedOverGrpc(@TempDir Path base) throws Exception {
    FashionTestImages images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    ServerConfig config =
        ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(4)
            .batching(new BatchingParameters(2, 60_000_000, 1, 1, List.of()))
            .monitoring(true).build();
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try (ImageClassifier inProcess = ImageClassifier.load(base.resolve("fashion"));
        ModelServer server = ModelServer.start(config, Optional.of(new GrpcConfig(0, 4 << 20)), line -> {});
        GrpcClient grpc = new GrpcClient(server.grpcPort().orElseThrow())) {
      RestClient client = new RestClient(server.port());
      String one = "{\"instances\": [" + imageJson(images.floats(0), true) + "]}";
      Future<RestClient.Response> first = clients.submit(() -> client.post("/v1/models/fashion:predict", one));
      ClientThreads.await(() -> queued(client) == 1, "the first request to wait in the batch queue", List.of(first));

      String two = "{\"instances\": [" + imageJson(images.floats(1), true) + "," + imageJson(images.floats(2), true) + "]}";
      RestClient.Response full = client.post("/v1/models/fashion:predict", two);
      assertEquals(429, full.status(), full.body());
      assertEquals(RestClient.JSON.readTree("{\"error\": \"The batch scheduling queue to which this task was submitted is full\"}"), full.json());
      StatusRuntimeException exhausted =
          assertThrows(
              StatusRuntimeException.class,
              () -> grpc.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(new float[][] {images.floats(1), images.floats(2)}, true))));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, exhausted.getStatus().getCode());
      assertEquals("The batch scheduling queue to which this task was submitted is full", exhausted.getStatus().getDescription());

      Future<RestClient.Response> filling = clients.submit(() -> client.post("/v1/models/fashion:predict", "{\"instances\": [" + imageJson(images.floats(3), true) + "]}"));
      List<Prediction> expected = inProcess.predictBatch(new float[][] {images.floats(0), images.floats(3)});
      List<Future<RestClient.Response>> answers = List.of(first, filling);
      for (int i = 0; i < 2; i++) {
        RestClient.Response answer = answers.get(i).get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.status(), answer.body());
        float[] probabilities = RestClient.floats(answer.json().at("/predictions/0/probabilities"));
        for (int k = 0; k < probabilities.length; k++) {
          assertEquals(expected.get(i).probabilities()[k], probabilities[k], 1e-6f);
        }
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /** The requests waiting in fashion version 1's batch queues, as the metrics report them (none before the first). */
  private static int queued(RestClient client) {
    MetricsTest.Exposition metrics = MetricsTest.Exposition.parse(client.get(ModelServer.METRICS_PATH).body());
    return metrics.samples.getOrDefault("fmnist_serving_batch_queued_requests{model=fashion,version=1}", 0.0).intValue();
  }
}
