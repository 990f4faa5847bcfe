package org.fmnist.serving.rest;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fmnist.serving.models.ApiException;

/** A request's method and path read with TensorFlow Serving's URL patterns: a model, and a version or a version label. */
record ApiPath(Kind kind, String model, OptionalLong version, Optional<String> label) {
  enum Kind {
    STATUS,
    METADATA,
    PREDICT
  }

  private static final Pattern POST =
      Pattern.compile(
          "/v1/models/([^/:]+)(?:/versions/(\\d+)|/labels/([^/:]+))?:(classify|regress|predict)", Pattern.CASE_INSENSITIVE);
  private static final Pattern GET =
      Pattern.compile(
          "/v1/models(?:/([^/:]+))?(?:/versions/(\\d+)|/labels/([^/:]+))?(?:/(metadata))?", Pattern.CASE_INSENSITIVE);

  static ApiPath parse(String method, String path) {
    if (!path.regionMatches(true, 0, "/v1/", 0, 4)) {
      throw ApiException.notFound("Not found: " + method + " " + path + " (TensorFlow Serving's API is under /v1/)");
    }
    boolean post = method.equals("POST");
    Matcher m = (post ? POST : GET).matcher(path);
    if (!(post || method.equals("GET")) || !m.matches()) {
      throw ApiException.badRequest("Malformed request: " + method + " " + path);
    }
    if (m.group(1) == null) {
      throw ApiException.badRequest("Missing model name in request.");
    }
    Kind kind;
    if (post) {
      if (!m.group(4).equalsIgnoreCase("predict")) {
        throw ApiException.badRequest(
            "fmnist serve implements the predict API only, not " + m.group(4).toLowerCase() + "; use :predict");
      }
      kind = Kind.PREDICT;
    } else {
      kind = m.group(4) != null ? Kind.METADATA : Kind.STATUS;
    }
    return new ApiPath(kind, m.group(1), version(m.group(2)), Optional.ofNullable(m.group(3)));
  }

  private static OptionalLong version(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Failed to convert version: " + text + " to numeric.");
    }
  }
}
