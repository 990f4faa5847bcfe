package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.batching.BatchingParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --rest-api-enable-cors and --rest-api-timeout-ms. */
class CorsAndTimeoutTest {
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  static ServerConfig.Builder config(Path base) {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    return ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(2);
  }

  @Test
  void withCorsEveryAnswerAllowsAnyOriginAndPreflightsAreAnswered(@TempDir Path base) throws Exception {
    try (ModelServer server = ModelServer.start(config(base).cors(true).build(), log::add)) {
      HttpClient http = HttpClient.newHttpClient();
      String url = "http://127.0.0.1:" + server.port() + "/v1/models/fashion:predict";
      HttpResponse<String> preflight =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "http://example.test")
                  .header("Access-Control-Request-Method", "POST")
                  .header("Access-Control-Request-Headers", "content-type")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(204, preflight.statusCode());
      assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
      assertEquals("content-type", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
      String body = "{\"instances\": [" + imageJson(FashionTestImages.load().floats(0), true) + "]}";
      for (String path : List.of("/v1/models/fashion:predict", "/v1/models/shoes:predict")) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("*", answer.headers().firstValue("Access-Control-Allow-Origin").orElse(""), path + " " + answer.statusCode());
      }
    }
  }

  @Test
  void withoutCorsThereAreNoCorsHeaders(@TempDir Path base) throws Exception {
    try (ModelServer server = ModelServer.start(config(base).build(), log::add)) {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/fashion")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode());
      assertTrue(answer.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
  }

  @Test
  void aRequestNotAnsweredWithinTheTimeoutGets504(@TempDir Path base) {
    // a lone request waits 3 s for its batch to fill; the request timeout is 300 ms
    ServerConfig config =
        config(base)
            .httpLimits(new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), 100, Duration.ofMillis(300)))
            .batching(new BatchingParameters(64, 3_000_000, 10, 1, List.of()))
            .build();
    try (ModelServer server = ModelServer.start(config, log::add)) {
      RestClient client = new RestClient(server.port());
      RestClient.Response response = client.post("/v1/models/fashion:predict", "{\"instances\": [" + imageJson(FashionTestImages.load().floats(0), true) + "]}");
      assertEquals(504, response.status(), response.body());
      assertEquals("Request timed out after 300 ms", response.error());
      // (had the batch run first, the answer would have been its 200)
      assertEquals(200, client.get("/v1/models/fashion").status(), "the server answers on");
      assertEquals(1, log.stream().filter(line -> line.contains(":predict\" 504 ")).count(), log.toString());
    }
  }
}
