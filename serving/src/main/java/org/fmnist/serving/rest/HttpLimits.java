package org.fmnist.serving.rest;

import java.time.Duration;

/**
 * What the HTTP front end allows a client: how long it may take to send a request's headers and
 * its body, how long a kept-alive connection may sit idle, how many connections may be open, and
 * how long a request may take to be answered. A client over a time limit gets 408 and its
 * connection is closed; connections over the limit are closed as they are accepted; a request
 * not answered in time gets 504.
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections, Duration requestTimeout) {
  /** TF Serving's --rest_api_timeout_in_ms default. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(30_000);
  public static final HttpLimits DEFAULTS =
      new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1024, DEFAULT_REQUEST_TIMEOUT);

  /** With TF Serving's request timeout. */
  public HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {
    this(headerTimeout, bodyTimeout, idleTimeout, maxConnections, DEFAULT_REQUEST_TIMEOUT);
  }

  public HttpLimits {
    for (Duration timeout : new Duration[] {headerTimeout, bodyTimeout, idleTimeout, requestTimeout}) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("HTTP timeouts must be positive, got " + timeout);
      }
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("the connection limit must be at least 1, got " + maxConnections);
    }
  }
}
