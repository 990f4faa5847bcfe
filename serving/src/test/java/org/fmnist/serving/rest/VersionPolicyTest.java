package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fmnist.serving.ClientThreads;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.models.VersionPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TF Serving's version policies through REST: which versions serve, /versions/V routing, labels, adding and deleting versions under load. */
class VersionPolicyTest {
  static final float[] TEMPERATURES = {0, 0.05f, 0.2f, 0.5f}; // version v has TEMPERATURES[v]
  static float[] image;
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void image() {
    image = FashionTestImages.load().floats(3);
  }

  static void export(Path model, int version) {
    TestModels.exportStandard(model.resolve(Integer.toString(version)), TEMPERATURES[version]);
  }

  ModelServer start(Path base, VersionPolicy policy) {
    ServerConfig config = ServerConfig.builder(base).port(0).pollInterval(Duration.ofMillis(100)).maxBodyBytes(1 << 20).threads(4).versionPolicy(policy).build();
    return ModelServer.start(config, log::add);
  }

  /** The version whose answer this is, by its probabilities; 0 when none matches. */
  static int versionOf(JsonNode predictResponse) {
    float[] answer = RestClient.floats(predictResponse.at("/predictions/0/probabilities"));
    for (int v = 1; v < TEMPERATURES.length; v++) {
      float[] expected = TestModels.referenceProbabilities(image, TEMPERATURES[v]);
      boolean same = true;
      for (int k = 0; k < expected.length && same; k++) {
        same = Math.abs(expected[k] - answer[k]) < 1e-5f;
      }
      if (same) {
        return v;
      }
    }
    return 0;
  }

  static String predictBody() {
    return "{\"instances\": [" + imageJson(image, true) + "]}";
  }

  @Test
  void eachPolicyServesItsVersionsAndVersionUrlsRouteToThem(@TempDir Path base) {
    for (int v = 1; v <= 3; v++) {
      export(base.resolve("fashion"), v);
    }
    Map<VersionPolicy, Set<Integer>> served =
        Map.of(VersionPolicy.parse("latest:2"), Set.of(2, 3), VersionPolicy.parse("all"), Set.of(1, 2, 3), VersionPolicy.parse("specific:1,3"), Set.of(1, 3));
    served.forEach(
        (policy, versions) -> {
          try (ModelServer server = start(base, policy)) {
            RestClient client = new RestClient(server.port());
            for (int v = 1; v <= 3; v++) {
              RestClient.Response response = client.post("/v1/models/fashion/versions/" + v + ":predict", predictBody());
              if (versions.contains(v)) {
                assertEquals(200, response.status(), policy + " v" + v + ": " + response.body());
                assertEquals(v, versionOf(response.json()), policy + " v" + v);
                assertEquals("AVAILABLE", client.get("/v1/models/fashion/versions/" + v).json().at("/model_version_status/0/state").asText());
                assertEquals(Integer.toString(v), client.get("/v1/models/fashion/versions/" + v + "/metadata").json().at("/model_spec/version").asText());
              } else {
                assertEquals(404, response.status(), policy + " v" + v);
                assertEquals("Servable not found for request: Specific(fashion, " + v + ")", response.error());
              }
            }
            int latest = versions.stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertEquals(latest, versionOf(client.post("/v1/models/fashion:predict", predictBody()).json()), policy.toString());
            assertEquals(versions.size(), client.get("/v1/models/fashion").json().get("model_version_status").size(), policy.toString());
          }
        });
  }

  @Test
  void versionsAddedAndDeletedWhileClientsRunFailNoRequest(@TempDir Path base, @TempDir Path staging) throws Exception {
    Path model = base.resolve("fashion");
    export(model, 1);
    export(model, 2);
    export(staging, 3);
    try (ModelServer server = start(base, new VersionPolicy.Latest(2))) {
      RestClient client = new RestClient(server.port());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger[] answeredBy = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        // half the clients ask for the latest version, half for version 2, which stays served throughout
        String path = c % 2 == 0 ? "/v1/models/fashion:predict" : "/v1/models/fashion/versions/2:predict";
        running.add(
            clients.submit(
                () -> {
                  while (!stop.get()) {
                    RestClient.Response response = client.post(path, predictBody());
                    assertEquals(200, response.status(), path + ": " + response.body());
                    int version = versionOf(response.json());
                    assertTrue(version > 0, "no version's answer");
                    answeredBy[version].incrementAndGet();
                  }
                  return null;
                }));
      }
      ClientThreads.await(() -> answeredBy[2].get() >= 40, "versions 1 and 2 serving", running);

      // add-while-serving: version 3 loads, then version 1 (out of latest 2) unloads
      Files.move(staging.resolve("3"), model.resolve("3"), StandardCopyOption.ATOMIC_MOVE);
      ClientThreads.await(() -> state(client, 1).equals("END") && state(client, 3).equals("AVAILABLE"), "version 3 in, version 1 out", running);
      int before = answeredBy[3].get();
      ClientThreads.await(() -> answeredBy[3].get() >= before + 40, "clients served by version 3", running);

      // delete-while-serving: version 3's folder goes; version 1 comes back in before 3 goes out
      Files.move(model.resolve("3"), staging.resolve("gone"), StandardCopyOption.ATOMIC_MOVE);
      ClientThreads.await(() -> state(client, 3).equals("END") && state(client, 1).equals("AVAILABLE"), "version 3 out, version 1 back", running);
      int served2 = answeredBy[2].get();
      ClientThreads.await(() -> answeredBy[2].get() >= served2 + 40, "clients served after the delete", running);
      stop.set(true);
      for (Future<?> f : running) {
        f.get();
      }
      clients.shutdown();
    }
    assertTrue(log.stream().noneMatch(line -> line.matches(".*\" [45]\\d\\d .*")), "no request failed");
    assertTrue(log.stream().anyMatch(line -> line.contains("fashion version 3 unloading (its folder is gone)")), log.toString());
    assertTrue(log.stream().anyMatch(line -> line.contains("fashion version 1 unloading (not in the version policy)")), log.toString());
  }

  private static String state(RestClient client, int version) {
    RestClient.Response response = client.get("/v1/models/fashion/versions/" + version);
    return response.status() == 200 ? response.json().at("/model_version_status/0/state").asText() : "none";
  }
}
