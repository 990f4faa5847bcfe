package org.fmnist.serving.rest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.fmnist.serving.metrics.RequestLabels;

/**
 * One HTTP request read whole, as the routes see it whatever server library carries it: the
 * method, the path (without the query, percent-decoded), the request target as sent, the headers
 * (looked up in any case: a map ordered by CASE_INSENSITIVE_ORDER), the body and the client's
 * address; and the labels its route fills in for the metrics.
 */
record RestRequest(String method, String path, String target, Map<String, String> headers, byte[] body, String client, RequestLabels labels) {
  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The same request with another method. */
  RestRequest as(String otherMethod) {
    return new RestRequest(otherMethod, path, target, headers, body, client, labels);
  }

  InputStream bodyStream() {
    return new ByteArrayInputStream(body);
  }
}
