package org.fmnist.serving.rest;

import java.time.Duration;

/**
 * What the HTTP front end allows a client: how long it may take to send a request's headers and
 * its body, how long a kept-alive connection may sit idle, and how many connections may be open.
 * A client over a time limit gets 408 and its connection is closed; connections over the limit
 * are closed as they are accepted.
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {
  public static final HttpLimits DEFAULTS =
      new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1024);

  public HttpLimits {
    for (Duration timeout : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("HTTP timeouts must be positive, got " + timeout);
      }
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("the connection limit must be at least 1, got " + maxConnections);
    }
  }
}
