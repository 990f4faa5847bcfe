package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.batching.BatchingParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fmnist serve with batching on: concurrent REST clients get the in-process answers; oversized requests get TF Serving's 400. */
class BatchedServingTest {
  static final int CLIENTS = 8;
  static final int REQUESTS = 50;

  @Test
  void concurrentClientsAreBatchedAndGetTheInProcessPredictions(@TempDir Path base) throws Exception {
    FashionTestImages images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    ServerConfig config =
        new ServerConfig(base, Optional.empty(), "127.0.0.1", 0, Duration.ofSeconds(60), 1 << 20, CLIENTS)
            .withBatching(new BatchingParameters(8, 2_000, 100, 1, List.of(8)));
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
}
