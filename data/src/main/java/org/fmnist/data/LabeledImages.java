package org.fmnist.data;

import java.util.Arrays;

/**
 * A set of 28x28 grey images with their labels, kept as raw bytes (pixel 0..255, row-major, one
 * channel) so that a batch is a plain copy; scaling to [0, 1] happens in the graph.
 */
public final class LabeledImages {
  public static final int ROWS = 28;
  public static final int COLS = 28;
  public static final int PIXELS = ROWS * COLS;

  private final byte[] pixels;
  private final byte[] labels;

  public LabeledImages(byte[] pixels, byte[] labels) {
    if (pixels.length != labels.length * PIXELS) {
      throw new IllegalArgumentException(
          "pixels hold " + pixels.length + " bytes, expected " + labels.length + " x " + PIXELS);
    }
    this.pixels = pixels;
    this.labels = labels;
  }

  public int size() {
    return labels.length;
  }

  public int label(int index) {
    return labels[index];
  }

  /** Pixel {@code p} (0..783) of image {@code index}, 0..255. */
  public int pixel(int index, int p) {
    return pixels[index * PIXELS + p] & 0xFF;
  }

  /** The backing pixel array: n x 784 unsigned bytes. Not copied: do not modify. */
  public byte[] pixelBytes() {
    return pixels;
  }

  /** The backing label array: n bytes 0..9. Not copied: do not modify. */
  public byte[] labelBytes() {
    return labels;
  }

  /** Images {@code from} (inclusive) to {@code to} (exclusive), copied. */
  public LabeledImages slice(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size());
    }
    return new LabeledImages(
        Arrays.copyOfRange(pixels, from * PIXELS, to * PIXELS), Arrays.copyOfRange(labels, from, to));
  }

  /** The first {@code n} images, or all of them when there are fewer. */
  public LabeledImages first(int n) {
    return n >= size() ? this : slice(0, n);
  }

  /** The image as floats in [0, 1], row-major (NHWC with one channel). */
  public float[] imageAsFloats(int index) {
    float[] out = new float[PIXELS];
    for (int p = 0; p < PIXELS; p++) {
      out[p] = pixel(index, p) / 255f;
    }
    return out;
  }

  /** Images per class label. */
  public int[] classCounts() {
    int[] counts = new int[ClassNames.COUNT];
    for (byte label : labels) {
      counts[label]++;
    }
    return counts;
  }
}
