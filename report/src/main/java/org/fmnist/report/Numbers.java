package org.fmnist.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How numbers are written in pictures and tables. */
public final class Numbers {
  private Numbers() {}

  /** Three significant digits without trailing zeros: 255, 0.123, -0.5, 0. */
  public static String short3(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /** A fraction as a percentage with {@code decimals} decimals: "91.72 %". */
  public static String percent(double fraction, int decimals) {
    return Double.isNaN(fraction)
        ? "n/a"
        : String.format(Locale.ROOT, "%." + decimals + "f %%", 100 * fraction);
  }

  public static String fixed(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Thousands separated by commas, as the Keras summary writes parameter counts: 220,234. */
  public static String grouped(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
