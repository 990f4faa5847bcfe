package org.fmnist.serving.rest;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/** One line per answered request: time, client, request line, status, body bytes, duration. */
final class AccessLog {
  private final Consumer<String> log;

  AccessLog(Consumer<String> log) {
    this.log = log;
  }

  void write(String client, String method, String target, int status, int bytes, long startNanos) {
    log.accept(
        String.format(
            Locale.ROOT,
            "%s %s \"%s %s\" %d %dB %.1fms",
            Instant.now(),
            client,
            method,
            target,
            status,
            bytes,
            (System.nanoTime() - startNanos) / 1e6));
  }
}
