package org.fmnist.serving.rest;

import java.util.function.Consumer;
import org.fmnist.serving.metrics.AccessLogLine;

/** One line per answered request: time, client, request line, status, body bytes, duration ({@link AccessLogLine}). */
final class AccessLog {
  private final Consumer<String> log;

  AccessLog(Consumer<String> log) {
    this.log = log;
  }

  void write(String client, String method, String target, int status, int bytes, long startNanos) {
    log.accept(AccessLogLine.of(client, method + " " + target, Integer.toString(status), bytes, System.nanoTime() - startNanos));
  }
}
