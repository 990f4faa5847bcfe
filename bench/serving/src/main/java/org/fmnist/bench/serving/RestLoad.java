package org.fmnist.bench.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A TensorFlow Serving REST client on loopback: {@code :predict} requests over a kept-alive connection. */
final class RestLoad {
  private RestLoad() {}

  /** Client {@code id} cycles through the JSON {@code bodies}, each its own offset. */
  static ConcurrentLoad.Client client(String url, List<String> bodies, int id) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return i -> {
      String body = bodies.get((id * 7919 + i) % bodies.size());
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
      }
    };
  }
}
