package org.fmnist.serving.rest;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fmnist.serving.models.ApiException;

/** A request's method and path read with the Open Inference Protocol's (KServe v2) REST URLs. */
record V2Path(Kind kind, String model, OptionalLong version) {
  enum Kind {
    SERVER_LIVE,
    SERVER_READY,
    SERVER_METADATA,
    MODEL_METADATA,
    MODEL_READY,
    INFER
  }

  private static final Pattern MODEL = Pattern.compile("/v2/models/([^/]+)(?:/versions/([^/]+))?(|/ready|/infer)");

  static V2Path parse(String method, String path) {
    Kind kind = null;
    String model = null;
    String version = null;
    switch (path) {
      case "/v2", "/v2/" -> kind = Kind.SERVER_METADATA;
      case "/v2/health/live" -> kind = Kind.SERVER_LIVE;
      case "/v2/health/ready" -> kind = Kind.SERVER_READY;
      default -> {
        Matcher m = MODEL.matcher(path);
        if (m.matches()) {
          model = m.group(1);
          version = m.group(2);
          kind = switch (m.group(3)) {
            case "/ready" -> Kind.MODEL_READY;
            case "/infer" -> Kind.INFER;
            default -> Kind.MODEL_METADATA;
          };
        }
      }
    }
    if (kind == null) {
      throw ApiException.notFound("Not found: " + method + " " + path);
    }
    String expected = kind == Kind.INFER ? "POST" : "GET";
    if (!method.equals(expected)) {
      throw new ApiException(ApiException.METHOD_NOT_ALLOWED, method + " " + path + ": use " + expected);
    }
    return new V2Path(kind, model, version(version));
  }

  private static OptionalLong version(String text) {
    if (text == null || text.isEmpty()) {
      return OptionalLong.empty();
    }
    if (!text.matches("\\d{1,18}")) {
      throw ApiException.badRequest("model version must be a number, not '" + text + "'");
    }
    return OptionalLong.of(Long.parseLong(text));
  }
}
