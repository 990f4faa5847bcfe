package org.fmnist.serving.rest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer independent of the server library: status, content type, extra headers, body. */
record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {
  static final String JSON = "application/json";

  static Reply json(int status, byte[] body) {
    return new Reply(status, JSON, Map.of(), body);
  }

  static Reply ok(byte[] body) {
    return json(200, body);
  }

  static Reply error(int status, String message) {
    return json(status, RestJson.error(message));
  }

  static Reply empty(int status) {
    return new Reply(status, "text/plain", Map.of(), new byte[0]);
  }

  @Override
  public String toString() {
    return status + " " + new String(body, StandardCharsets.UTF_8);
  }
}
