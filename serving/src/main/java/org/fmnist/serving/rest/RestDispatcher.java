package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.fmnist.serving.ErrorMessages;
import org.fmnist.serving.InvalidInputException;
import org.fmnist.serving.batching.QueueFullException;
import org.fmnist.serving.metrics.ServingMetrics;
import org.fmnist.serving.models.ApiException;

/**
 * Runs a request through its route and turns failures into TF Serving's error bodies (400 for a
 * bad request, malformed JSON or an invalid tensor, 429 when the batch queue is full, the {@link ApiException}'s status for a refused one, 500 for a
 * bug, logged); answers 503 once draining; adds CORS headers and answers preflights when on; answers HEAD as GET (the transport drops the body);
 * counts the requests in flight; writes the access log and the request metrics.
 */
final class RestDispatcher {
  private final RestRoutes routes;
  private final Consumer<String> log;
  private final AccessLog accessLog;
  private final ServingMetrics metrics;
  private final boolean cors;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  RestDispatcher(RestRoutes routes, ServingMetrics metrics, boolean cors, Consumer<String> log) {
    this.routes = routes;
    this.metrics = metrics;
    this.cors = cors;
    this.log = log;
    this.accessLog = new AccessLog(log);
  }

  /** From now on, answer 503 and let clients reconnect elsewhere; requests already running finish. */
  void drain() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  int inFlight() {
    return inFlight.get();
  }

  AccessLog accessLog() {
    return accessLog;
  }

  /** Runs the request through its route; the transport calls {@link #answered} once it sends an answer. */
  Reply dispatch(RestRequest request) {
    inFlight.incrementAndGet();
    try {
      Reply reply = cors && Cors.isPreflight(request) ? Cors.preflight(request) : answer(request);
      return cors ? Cors.allowAnyOrigin(reply) : reply;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Logs the answer sent to {@code request} (its own, or the transport's 504) and counts it in the metrics. */
  void answered(RestRequest request, Reply reply, long startNanos) {
    accessLog.write(request.client(), request.method(), request.target(), reply.status(), reply.body().length, startNanos);
    metrics.request(request.labels(), reply.status(), (System.nanoTime() - startNanos) / 1e9);
  }

  private Reply answer(RestRequest request) {
    try {
      if (draining) {
        throw new ApiException(ApiException.SERVICE_UNAVAILABLE, "fmnist serve is shutting down");
      }
      return routes.find(request.path()).handle(request.method().equals("HEAD") ? request.as("GET") : request);
    } catch (ApiException e) {
      return Reply.error(e.status(), e.getMessage());
    } catch (JsonProcessingException e) {
      return Reply.error(ApiException.BAD_REQUEST, jsonError(e));
    } catch (QueueFullException e) {
      return Reply.error(ApiException.TOO_MANY_REQUESTS, e.getMessage());
    } catch (InvalidInputException e) {
      return Reply.error(ApiException.BAD_REQUEST, ErrorMessages.firstLine(e));
    } catch (IOException | UncheckedIOException e) {
      return Reply.error(ApiException.BAD_REQUEST, "Cannot read the request: " + ErrorMessages.firstLine(e));
    } catch (RuntimeException e) {
      log.accept("fmnist serve: internal error on " + request.target() + ": " + e);
      return Reply.error(500, ErrorMessages.firstLine(e));
    }
  }

  /** Jackson's message in TF Serving's words: "JSON Parse error: ... at offset: N". */
  private static String jsonError(JsonProcessingException e) {
    long offset = e.getLocation() == null ? -1 : Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset());
    String message =
        e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    return "JSON Parse error: " + message + " at offset: " + offset;
  }
}
