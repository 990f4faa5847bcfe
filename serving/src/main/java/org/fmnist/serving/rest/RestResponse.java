package org.fmnist.serving.rest;

import java.util.Map;

/** The answer to a {@link RestRequest}: status, content type, body and any further headers. */
public record RestResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json";

  public static RestResponse json(int status, byte[] body) {
    return new RestResponse(status, JSON, body, Map.of());
  }

  /** A status with an empty body (health checks, SageMaker's /ping). */
  public static RestResponse empty(int status) {
    return new RestResponse(status, "text/plain", new byte[0], Map.of());
  }

  /** TF Serving's (and KServe's) error body, {@code {"error": message}}. */
  public static RestResponse error(int status, String message) {
    return json(status, RestJson.error(message));
  }
}
