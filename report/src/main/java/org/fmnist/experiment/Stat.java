package org.fmnist.experiment;

import java.util.Locale;

/** Mean and sample standard deviation (n - 1) over seeds; the deviation is NaN for one value. */
public record Stat(double mean, double sd) {

  public static Stat of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    if (values.length == 1) {
      return new Stat(mean, Double.NaN);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new Stat(mean, Math.sqrt(squares / (values.length - 1)));
  }

  /** "mean ± sd" with {@code decimals} decimals, each value multiplied by {@code factor}. */
  public String format(double factor, int decimals) {
    String pattern = "%." + decimals + "f";
    String m = String.format(Locale.ROOT, pattern, factor * mean);
    return Double.isNaN(sd) ? m : m + " ± " + String.format(Locale.ROOT, pattern, factor * sd);
  }
}
