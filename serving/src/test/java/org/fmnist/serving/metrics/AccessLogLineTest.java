package org.fmnist.serving.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AccessLogLineTest {
  @Test
  void aLineHasTheTimeToTheMillisecondTheRequestTheStatusTheBytesAndTheDuration() {
    Instant before = Instant.now();
    String line = AccessLogLine.of("127.0.0.1", "POST /v1/models/fashion:predict", "200", 212, 1_449_999);
    Instant after = Instant.now();
    assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 127\\.0\\.0\\.1 \"POST /v1/models/fashion:predict\" 200 212B 1\\.4ms"), line);
    Instant logged = Instant.parse(line.substring(0, line.indexOf(' ')));
    assertTrue(!logged.isBefore(before.minusMillis(1)) && !logged.isAfter(after), logged + " not within " + before + " .. " + after);
  }

  @Test
  void theDurationIsRoundedToATenthOfAMillisecondAsStringFormatDoes() {
    for (long nanos : new long[] {0, 49_999, 50_000, 1_450_000, 999_950_000, Duration.ofSeconds(31).toNanos() + 123_456}) {
      String expected = String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
      String line = AccessLogLine.of("-", "GRPC /tensorflow.serving.PredictionService/Predict", "NOT_FOUND", 0, nanos);
      assertTrue(line.endsWith(" \"GRPC /tensorflow.serving.PredictionService/Predict\" NOT_FOUND 0B " + expected), nanos + ": " + line);
    }
  }

  @Test
  void everyLineOfOneSecondHasTheSameTimestampWidth() {
    assertEquals("2026-11-22T10:15:02.113Z - \"GET /\" 200 0B 0.0ms".length(), AccessLogLine.of("-", "GET /", "200", 0, 0).length());
  }
}
