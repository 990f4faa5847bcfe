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
import org.fmnist.serving.SavedModelSession;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.proto.SignatureDef;

/**
 * TensorFlow Serving's REST API over the served models: model status, model metadata and
 * predict, with its URLs, JSON shapes and error bodies ({@code {"error": "..."}}, 400 for a bad
 * request, 404 for an unknown model or version), plus 413 for a body over the limit; beside it the
 * KServe v2 API ({@link V2Api}) and SageMaker's container contract ({@link SageMakerApi}). Writes
 * one access-log line per request.
 */
final class RestApi implements HttpHandler {
  private final ModelRepository models;
  private final V2Api v2;
  private final SageMakerApi sageMaker;
  private final long maxBodyBytes;
  private final Consumer<String> log;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  RestApi(ModelRepository models, long maxBodyBytes, Consumer<String> log) {
    this.models = models;
    this.v2 = new V2Api(models);
    this.sageMaker = new SageMakerApi(models);
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
    Reply reply;
    try {
      if (draining) {
        throw new ApiException(ApiException.SERVICE_UNAVAILABLE, "fmnist serve is shutting down");
      }
      reply = route(exchange);
    } catch (ApiException e) {
      reply = Reply.error(e.status(), e.getMessage());
    } catch (BoundedInputStream.TooLargeException e) {
      reply = Reply.error(ApiException.PAYLOAD_TOO_LARGE, e.getMessage());
    } catch (JsonProcessingException e) {
      reply = Reply.error(ApiException.BAD_REQUEST, jsonError(e));
    } catch (TFInvalidArgumentException e) {
      reply = Reply.error(ApiException.BAD_REQUEST, ErrorMessages.firstLine(e));
    } catch (IOException | UncheckedIOException e) {
      reply = Reply.error(ApiException.BAD_REQUEST, "Cannot read the request: " + ErrorMessages.firstLine(e));
    } catch (RuntimeException e) {
      reply = Reply.error(500, ErrorMessages.firstLine(e));
      log.accept("fmnist serve: internal error on " + exchange.getRequestURI() + ": " + e);
    }
    try {
      send(exchange, reply);
    } finally {
      inFlight.decrementAndGet();
      log.accept(accessLine(exchange, reply.status(), reply.body().length, start));
    }
  }

  /** KServe v2 under /v2/, SageMaker's /ping and /invocations, TensorFlow Serving's API under /v1/. */
  private Reply route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (V2Path.matches(path)) {
      return v2.respond(method, path, exchange.getRequestHeaders().getFirst(V2InferResponse.HEADER_LENGTH), body(exchange));
    }
    if (SageMakerApi.matches(path)) {
      return sageMaker.respond(method, path, exchange.getRequestHeaders()::getFirst, body(exchange));
    }
    return Reply.ok(respond(exchange));
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
          yield ModelJson.metadata(model.name(), lease.version(), lease.classifier().savedModel().signatures());
        }
      }
      case PREDICT -> {
        PredictRequest request = PredictRequest.parse(body(exchange));
        try (LoadedVersion.Lease lease = model.lease(path.version())) {
          yield predict(lease, request);
        }
      }
    };
  }

  /** The request body, failing with 413 past the limit (at once when Content-Length says so). */
  private InputStream body(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
      throw new BoundedInputStream.TooLargeException(maxBodyBytes);
    }
    return new BoundedInputStream(exchange.getRequestBody(), maxBodyBytes);
  }

  private static String jsonError(JsonProcessingException e) {
    long offset = e.getLocation() == null ? -1 : Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset());
    String message =
        e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    return "JSON Parse error: " + message + " at offset: " + offset;
  }

  /** Runs a TensorFlow Serving predict request on a leased version and writes its answer. */
  static byte[] predict(LoadedVersion.Lease lease, PredictRequest request) {
    SavedModelSession savedModel = lease.classifier().savedModel();
    String key = request.signatureName();
    SignatureDef signature = signature(lease, key);
    try (InputTensors inputs = InputTensors.of(request, signature);
        SavedModelSession.Outputs outputs = savedModel.run(key, inputs.byName())) {
      return PredictResponse.write(request.format(), outputs);
    }
  }

  /** The leased version's signature {@code key}; 400 with TF Serving's message when it has none. */
  static SignatureDef signature(LoadedVersion.Lease lease, String key) {
    try {
      return lease.classifier().savedModel().signature(key);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private void send(HttpExchange exchange, Reply reply) {
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      reply.headers().forEach(exchange.getResponseHeaders()::set);
      if (draining) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      out.write(reply.body());
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
