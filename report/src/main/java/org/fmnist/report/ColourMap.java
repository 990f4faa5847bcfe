package org.fmnist.report;

import java.awt.Color;

/**
 * Sequential colour maps whose lightness rises steadily with the value, so that a brighter colour
 * always means a larger number (also in grey print and for colour-blind readers). Each is a list of
 * evenly spaced anchors, linearly interpolated.
 */
public enum ColourMap {
  /** Matplotlib's viridis, sampled at 0, 0.1, ..., 1: for heat maps, filters and feature maps. */
  VIRIDIS(
      0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151,
      0xbddf26, 0xfde725),
  /** Black to white: for the dataset's own grey images. */
  GREY(0x000000, 0xffffff);

  private final int[] anchors;

  ColourMap(int... anchors) {
    this.anchors = anchors;
  }

  /** The colour of {@code t} in [0, 1] (clamped) as 0xRRGGBB. */
  public int rgb(double t) {
    double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
    double position = clamped * (anchors.length - 1);
    int low = Math.min((int) position, anchors.length - 2);
    double f = position - low;
    int a = anchors[low];
    int b = anchors[low + 1];
    return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
  }

  public Color color(double t) {
    return new Color(rgb(t));
  }

  /** The colour of {@code value} on the scale {@code [min, max]}. */
  public int rgb(double value, double min, double max) {
    return rgb(max > min ? (value - min) / (max - min) : 0);
  }

  /** {@code n} evenly spaced colours from the low end to the high end. */
  public Color[] colours(int n) {
    Color[] out = new Color[n];
    for (int i = 0; i < n; i++) {
      out[i] = color(n == 1 ? 0 : (double) i / (n - 1));
    }
    return out;
  }

  /** Black or white, whichever reads better on {@code background} (0xRRGGBB). */
  public static Color textOn(int background) {
    return relativeLuminance(background) > 0.35 ? Color.BLACK : Color.WHITE;
  }

  /** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
  static double relativeLuminance(int rgb) {
    return 0.2126 * linear(rgb >> 16) + 0.7152 * linear(rgb >> 8) + 0.0722 * linear(rgb);
  }

  private static double linear(int channel) {
    double c = (channel & 0xFF) / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round((a & 0xFF) + ((b & 0xFF) - (a & 0xFF)) * f);
  }
}
