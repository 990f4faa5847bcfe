package org.fmnist.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Keras's progress bar: on a terminal one line per epoch redrawn in place, otherwise (CI logs) one
 * plain line per finished epoch.
 */
public final class ProgressLine implements TrainingListener {
  private static final int BAR = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private int steps;
  private long epochStart;
  private long lastDraw;

  public ProgressLine(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  @Override
  public void onEpochBegin(int epoch, int epochs, int steps) {
    out.println("Epoch " + epoch + "/" + epochs);
    this.steps = steps;
    epochStart = System.nanoTime();
    lastDraw = 0;
  }

  @Override
  public void onBatchEnd(int step, int stepsInEpoch, double loss, double accuracy) {
    long now = System.nanoTime();
    if (!interactive || (now - lastDraw < REDRAW_NANOS && step < stepsInEpoch)) {
      return;
    }
    lastDraw = now;
    out.print("\r" + line(step, stepsInEpoch, now) + metrics(loss, accuracy) + "\033[K");
    out.flush();
  }

  @Override
  public void onEpochEnd(History.Epoch e, TrainingState state) {
    String text =
        line(steps, steps, System.nanoTime())
            + metrics(e.loss(), e.accuracy())
            + (Double.isNaN(e.valLoss())
                ? ""
                : String.format(
                    Locale.ROOT, " - val_loss: %.4f - val_accuracy: %.4f", e.valLoss(), e.valAccuracy()));
    out.println(interactive ? "\r" + text + "\033[K" : text);
  }

  private String line(int step, int steps, long now) {
    double seconds = (now - epochStart) / 1e9;
    int filled = (int) ((long) BAR * step / steps);
    String bar =
        "=".repeat(Math.max(filled - (step < steps ? 1 : 0), 0))
            + (step < steps ? ">" : "")
            + ".".repeat(BAR - filled);
    String width = "%" + Integer.toString(steps).length() + "d";
    double perStep = seconds / Math.max(step, 1);
    String stepTime =
        perStep >= 1e-3 ? Math.round(perStep * 1e3) + "ms/step" : Math.round(perStep * 1e6) + "us/step";
    return String.format(
        Locale.ROOT, width + "/%d [%s] %ds %s", step, steps, bar, Math.round(seconds), stepTime);
  }

  private static String metrics(double loss, double accuracy) {
    return String.format(Locale.ROOT, " - loss: %.4f - accuracy: %.4f", loss, accuracy);
  }
}
