package org.fmnist.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of one download: a bar redrawn in place on a terminal, or a plain line every quarter
 * (for logs and pipes, where carriage returns would pile up).
 */
final class DownloadProgress {
  private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
  private static final int BAR_WIDTH = 30;
  private static final int LOG_STEP_PERCENT = 25;
  private static final double MEGABYTE = 1e6;

  private final String name;
  private final long totalBytes;
  private final PrintStream terminal;
  private final Consumer<String> log;
  private final long startNanos = System.nanoTime();
  private long lastRedrawNanos;
  private int lastLoggedPercent;

  /**
   * @param totalBytes the expected size, or -1 when unknown
   * @param terminal where to draw the bar, or null to report through {@code log} instead
   */
  DownloadProgress(String name, long totalBytes, PrintStream terminal, Consumer<String> log) {
    this.name = name;
    this.totalBytes = totalBytes;
    this.terminal = terminal;
    this.log = log;
  }

  void update(long receivedBytes) {
    if (terminal != null) {
      long now = System.nanoTime();
      if (now - lastRedrawNanos >= REDRAW_INTERVAL_NANOS) {
        lastRedrawNanos = now;
        terminal.print("\r" + bar(receivedBytes));
        terminal.flush();
      }
    } else if (totalBytes > 0) {
      int step = percent(receivedBytes) / LOG_STEP_PERCENT * LOG_STEP_PERCENT;
      if (step > lastLoggedPercent) {
        lastLoggedPercent = step;
        log.accept(name + ": " + figures(receivedBytes));
      }
    }
  }

  void finish(long receivedBytes) {
    if (terminal != null) {
      terminal.println("\r" + bar(receivedBytes));
    } else if (totalBytes <= 0) {
      log.accept(name + ": " + figures(receivedBytes));
    }
  }

  private String bar(long receivedBytes) {
    if (totalBytes <= 0) {
      return name + " " + figures(receivedBytes);
    }
    int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * receivedBytes / totalBytes);
    return name + " [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
        + figures(receivedBytes);
  }

  private String figures(long receivedBytes) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double speed = receivedBytes / MEGABYTE / seconds;
    if (totalBytes <= 0) {
      return String.format(Locale.ROOT, "%.1f MB, %.1f MB/s", receivedBytes / MEGABYTE, speed);
    }
    return String.format(
        Locale.ROOT,
        "%3d%% %.1f/%.1f MB, %.1f MB/s",
        percent(receivedBytes),
        receivedBytes / MEGABYTE,
        totalBytes / MEGABYTE,
        speed);
  }

  private int percent(long receivedBytes) {
    return (int) (100 * receivedBytes / totalBytes);
  }
}
