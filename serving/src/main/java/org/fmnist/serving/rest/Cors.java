package org.fmnist.serving.rest;

import java.util.HashMap;
import java.util.Map;

/**
 * Cross-origin access for browser clients: every answer allows any origin, and a preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered 204 with the methods
 * and headers the REST API takes.
 */
final class Cors {
  private static final String MAX_AGE_SECONDS = "86400";

  private Cors() {}

  static boolean isPreflight(RestRequest request) {
    return request.method().equals("OPTIONS") && request.header("Access-Control-Request-Method").isPresent();
  }

  static Reply preflight(RestRequest request) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Access-Control-Allow-Origin", "*");
    headers.put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    headers.put("Access-Control-Allow-Headers", request.header("Access-Control-Request-Headers").orElse("Content-Type"));
    headers.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
    return new Reply(204, "text/plain", headers, new byte[0]);
  }

  static Reply allowAnyOrigin(Reply reply) {
    Map<String, String> headers = new HashMap<>(reply.headers());
    headers.put("Access-Control-Allow-Origin", "*");
    return new Reply(reply.status(), reply.contentType(), headers, reply.body());
  }
}
