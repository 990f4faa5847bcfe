package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.fmnist.serving.ErrorMessages;
import org.fmnist.serving.InvalidInputException;
import org.fmnist.serving.ModelBackend;
import org.tensorflow.proto.SignatureDef;

/**
 * TensorFlow Serving's REST API over the served models: model status, model metadata and
 * predict, with its URLs, JSON shapes and error bodies ({@code {"error": "..."}}, 400 for a bad
 * request, 404 for an unknown model or version), plus 413 for a body over the limit. Writes one
 * access-log line per request.
 */
final class RestApi implements HttpHandler {
  private final ModelRepository models;
  private final long maxBodyBytes;
  private final Consumer<String> log;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  RestApi(ModelRepository models, long maxBodyBytes, Consumer<String> log) {
    this.models = models;
    this.maxBodyBytes = maxBodyBytes;
    this.log = log;
  }

  /** From now on, answer 503 and let clients reconnect elsewhere; requests already running finish. */
  void drain() {
    draining = true;
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handle(HttpExchange exchange) {
    inFlight.incrementAndGet();
    long start = System.nanoTime();
    int status = 200;
    byte[] body;
    try {
      if (draining) {
        throw new ApiException(ApiException.SERVICE_UNAVAILABLE, "fmnist serve is shutting down");
      }
      body = respond(exchange);
    } catch (ApiException e) {
      status = e.status();
      body = RestJson.error(e.getMessage());
    } catch (BoundedInputStream.TooLargeException e) {
      status = ApiException.PAYLOAD_TOO_LARGE;
      body = RestJson.error(e.getMessage());
    } catch (InvalidInputException e) {
      status = ApiException.BAD_REQUEST;
      body = RestJson.error(ErrorMessages.firstLine(e));
    } catch (IOException | UncheckedIOException e) {
      status = ApiException.BAD_REQUEST;
      body = RestJson.error("Cannot read the request: " + ErrorMessages.firstLine(e));
    } catch (RuntimeException e) {
      status = 500;
      body = RestJson.error(ErrorMessages.firstLine(e));
      log.accept("fmnist serve: internal error on " + exchange.getRequestURI() + ": " + e);
    }
    try {
      send(exchange, status, body);
    } finally {
      inFlight.decrementAndGet();
      log.accept(accessLine(exchange, status, body.length, start));
    }
  }

  private byte[] respond(HttpExchange exchange) throws IOException {
    ApiPath path = ApiPath.parse(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
    ServedModel model = models.find(path.model()).orElse(null);
    if (model == null) {
      throw ApiException.notFound(
          path.kind() == ApiPath.Kind.STATUS
              ? "Could not find any versions of model " + path.model()
              : "Servable not found for request: Latest(" + path.model() + ")");
    }
    return switch (path.kind()) {
      case STATUS -> ModelJson.status(model.statuses(path.version()));
      case METADATA -> {
        try (LoadedVersion.Lease lease = model.lease(path.version())) {
          yield ModelJson.metadata(model.name(), lease.version(), lease.classifier().backend().signatures());
        }
      }
      case PREDICT -> predict(model, path, readPredictRequest(exchange));
    };
  }

  private PredictRequest readPredictRequest(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
      throw new BoundedInputStream.TooLargeException(maxBodyBytes);
    }
    try (InputStream body = new BoundedInputStream(exchange.getRequestBody(), maxBodyBytes)) {
      return PredictRequest.parse(body);
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? -1 : Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset());
      String message =
          e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
      throw ApiException.badRequest("JSON Parse error: " + message + " at offset: " + offset);
    }
  }

  private static byte[] predict(ServedModel model, ApiPath path, PredictRequest request) {
    try (LoadedVersion.Lease lease = model.lease(path.version())) {
      ModelBackend backend = lease.classifier().backend();
      String key = request.signatureName();
      SignatureDef signature;
      try {
        signature = backend.signature(key);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
      return PredictResponse.write(request.format(), backend.run(key, InputTensors.of(request, signature)));
    }
  }

  private void send(HttpExchange exchange, int status, byte[] body) {
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (draining) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      exchange.sendResponseHeaders(status, body.length);
      out.write(body);
    } catch (IOException e) {
      // the client went away; nothing left to tell it
    } finally {
      exchange.close();
    }
  }

  private static String accessLine(HttpExchange exchange, int status, int bytes, long start) {
    return String.format(
        Locale.ROOT,
        "%s %s \"%s %s\" %d %dB %.1fms",
        Instant.now(),
        exchange.getRemoteAddress().getAddress().getHostAddress(),
        exchange.getRequestMethod(),
        exchange.getRequestURI(),
        status,
        bytes,
        (System.nanoTime() - start) / 1e6);
  }
}
