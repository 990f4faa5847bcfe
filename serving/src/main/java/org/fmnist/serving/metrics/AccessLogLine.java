package org.fmnist.serving.metrics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One access-log line, as the REST and gRPC front ends write it for every answer: {@code
 * 2026-11-22T10:15:02.113Z 127.0.0.1 "POST /v1/models/fashion_cnn:predict" 200 212B 1.4ms} (UTC
 * time to the millisecond, client, request, status, body bytes, time from the request's last byte
 * to its answer). Built with a StringBuilder and the formatted second kept: {@code String.format}
 * and {@code Instant.toString} cost about 6 µs a line, more than the rest of the line's work.
 */
public final class AccessLogLine {
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private record Second(long epochSecond, String text) {}

  private static volatile Second second = new Second(Long.MIN_VALUE, "");

  private AccessLogLine() {}

  /** The line for an answer with {@code status} ("200", "NOT_FOUND") to {@code request} ("POST /path"), {@code nanos} after it arrived. */
  public static String of(String client, String request, String status, long bytes, long nanos) {
    long now = System.currentTimeMillis();
    StringBuilder line = new StringBuilder(64 + client.length() + request.length());
    line.append(secondText(Math.floorDiv(now, 1000))).append('.');
    int millis = (int) Math.floorMod(now, 1000);
    line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
    line.append("Z ").append(client).append(" \"").append(request).append("\" ").append(status).append(' ').append(bytes).append("B ");
    long tenths = (Math.max(0, nanos) + 50_000) / 100_000; // milliseconds to one decimal, rounded half up
    return line.append(tenths / 10).append('.').append(tenths % 10).append("ms").toString();
  }

  private static String secondText(long epochSecond) {
    Second cached = second;
    if (cached.epochSecond() != epochSecond) {
      cached = new Second(epochSecond, SECOND.format(Instant.ofEpochSecond(epochSecond)));
      second = cached;
    }
    return cached.text();
  }
}
