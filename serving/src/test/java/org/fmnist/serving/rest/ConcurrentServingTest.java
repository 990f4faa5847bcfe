package org.fmnist.serving.rest;

import static org.fmnist.serving.ClientThreads.matches;
import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fmnist.serving.AtomicFolder;
import org.fmnist.serving.ClientThreads;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once, and a new version arriving while they run: no request may fail. */
class ConcurrentServingTest {
  static final int CLIENTS = 6;
  static final int REQUESTS_PER_CLIENT = 200;
  final FashionTestImages images = FashionTestImages.load();
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @Test
  void concurrentClientsGetExactlyTheInProcessPredictions(@TempDir Path base) throws Exception {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    try (ImageClassifier inProcess = ImageClassifier.load(base.resolve("fashion"));
        ModelServer server = ModelServer.start(config(base, Duration.ofSeconds(60)), log::add)) {
      RestClient client = new RestClient(server.port());
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<Integer>> checked = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int clientId = c;
        checked.add(
            clients.submit(
                () -> {
                  int ok = 0;
                  for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                    float[][] batch = new float[1 + r % 3][];
                    StringBuilder body = new StringBuilder("{\"instances\": [");
                    for (int k = 0; k < batch.length; k++) {
                      batch[k] = images.floats((clientId * 1000 + r * 3 + k) % images.size());
                      body.append(k == 0 ? "" : ",").append(imageJson(batch[k], true));
                    }
                    RestClient.Response response = client.post("/v1/models/fashion:predict", body.append("]}").toString());
                    assertEquals(200, response.status(), response.body());
                    // the in-process model is used from all client threads at once too
                    List<Prediction> expected = inProcess.predictBatch(batch);
                    JsonNode predictions = response.json().get("predictions");
                    for (int k = 0; k < batch.length; k++) {
                      assertClose(expected.get(k), predictions.get(k));
                    }
                    ok++;
                  }
                  return ok;
                }));
      }
      int total = 0;
      for (Future<Integer> f : checked) {
        total += f.get();
      }
      clients.shutdown();
      assertEquals(CLIENTS * REQUESTS_PER_CLIENT, total);
      int expected = total;
      // each access-log line is written once its answer is sent, so the last ones may trail the clients
      ClientThreads.await(() -> log.stream().filter(line -> line.contains(":predict\" 200 ")).count() == expected, "one access-log line per request", checked);
    }
  }

  @Test
  void aNewVersionIsSwappedInWhileClientsRunAndABrokenOneChangesNothing(@TempDir Path base, @TempDir Path staging)
      throws Exception {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.05f);
    try (ImageClassifier v1 = ImageClassifier.load(base.resolve("fashion/1"));
        ImageClassifier v2 = ImageClassifier.load(TestModels.exportStandard(staging.resolve("v2"), 0.2f));
        ModelServer server = ModelServer.start(config(base, Duration.ofMillis(100)), log::add)) {
      RestClient client = new RestClient(server.port());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger fromV1 = new AtomicInteger();
      AtomicInteger fromV2 = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int clientId = c;
        running.add(
            clients.submit(
                () -> {
                  boolean seenV2 = false;
                  for (int r = 0; !stop.get(); r++) {
                    float[] image = images.floats((clientId * 500 + r) % images.size());
                    RestClient.Response response =
                        client.post("/v1/models/fashion:predict", "{\"instances\": [" + imageJson(image, true) + "]}");
                    assertEquals(200, response.status(), response.body());
                    float[] answer = RestClient.floats(response.json().at("/predictions/0/probabilities"));
                    if (matches(v2.predict(image), answer)) {
                      seenV2 = true;
                      fromV2.incrementAndGet();
                    } else {
                      assertTrue(matches(v1.predict(image), answer), "neither version's answer");
                      assertTrue(!seenV2, "version 1 answered after version 2 had");
                      fromV1.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      ClientThreads.await(() -> fromV1.get() >= 40, "clients running on version 1", running);
      Path v2Folder = staging.resolve("v2");
      AtomicFolder.replace(v2Folder, base.resolve("fashion/2"));
      ClientThreads.await(() -> fromV2.get() >= 40, "clients served by version 2", running);

      Path broken = Files.createDirectories(base.resolve("fashion/3/variables"));
      Files.writeString(broken.resolve("variables.index"), "");
      Files.writeString(base.resolve("fashion/3/saved_model.pb"), "not a graph");
      ClientThreads.await(() -> log.stream().anyMatch(line -> line.contains("version 3 failed to load, still serving version 2")), "the failed load logged", running);
      int afterFailure = fromV2.get();
      ClientThreads.await(() -> fromV2.get() >= afterFailure + 40, "version 2 serving on after the failure", running);
      stop.set(true);
      for (Future<?> f : running) {
        f.get();
      }
      clients.shutdown();

      JsonNode statuses = client.get("/v1/models/fashion").json().get("model_version_status");
      assertEquals("3", statuses.get(0).get("version").asText());
      assertEquals("END", statuses.get(0).get("state").asText());
      assertEquals("UNKNOWN", statuses.at("/0/status/error_code").asText());
      assertEquals("2", statuses.get(1).get("version").asText());
      assertEquals("AVAILABLE", statuses.get(1).get("state").asText());
      assertEquals("END", statuses.get(2).get("state").asText());
      assertEquals("OK", statuses.at("/2/status/error_code").asText());
      assertTrue(log.stream().noneMatch(line -> line.matches(".*\" [45]\\d\\d .*")), "no request failed");
    }
  }

  static ServerConfig config(Path base, Duration poll) {
    return ServerConfig.builder(base).port(0).pollInterval(poll).maxBodyBytes(ServerConfig.DEFAULT_MAX_BODY_BYTES).threads(4).build();
  }

  private static void assertClose(Prediction expected, JsonNode actual) {
    assertEquals(expected.classId(), actual.get("class_id").asInt());
    assertTrue(matches(expected, RestClient.floats(actual.get("probabilities"))), actual.toString());
  }

  /** Equal up to the float printing and parsing of JSON, far below the two versions' differences. */
  private static boolean matches(Prediction expected, float[] answer) {
    float[] p = expected.probabilities();
    for (int c = 0; c < p.length; c++) {
      if (Math.abs(p[c] - answer[c]) > 1e-6f) {
        return false;
      }
    }
    return true;
  }
}
