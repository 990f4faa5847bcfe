package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A TensorFlow Serving REST client for the tests (the cli's too), on the JDK's HTTP client. */
public final class RestClient {
  public static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  public record Response(int status, String body, String contentType) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String error() {
      return json().get("error").asText();
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  public RestClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A POST with request headers given as name, value, name, value, ... */
  public Response post(String path, String body, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).headers(headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response send(String method, String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An image as TF Serving's nested lists: [28][28][1] when {@code channel}, else [28][28]. */
  public static String imageJson(float[] pixels, boolean channel) {
    StringBuilder json = new StringBuilder(pixels.length * 12);
    json.append('[');
    for (int y = 0; y < 28; y++) {
      json.append(y == 0 ? "[" : ",[");
      for (int x = 0; x < 28; x++) {
        json.append(x == 0 ? "" : ",");
        float v = pixels[y * 28 + x];
        json.append(channel ? "[" + v + "]" : Float.toString(v));
      }
      json.append(']');
    }
    return json.append(']').toString();
  }

  public static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).floatValue();
    }
    return out;
  }
}
