package org.fmnist.report;

import org.fmnist.data.ClassNames;
import org.fmnist.data.LabeledImages;

/**
 * Pixel values (0..255) of a group of images: extremes, mean and population standard deviation
 * over all their pixels, the share of pixels that are background (value 0), and how many of the
 * 784 positions are background in every image of the group.
 */
public record PixelStatistics(
    int images, int min, int max, double mean, double sd, double backgroundShare,
    int alwaysBackgroundPositions) {

  /** Statistics of the whole split (index 0) and of each class (index 1 + label). */
  public static PixelStatistics[] of(LabeledImages images) {
    Accumulator[] groups = new Accumulator[ClassNames.COUNT + 1];
    for (int g = 0; g < groups.length; g++) {
      groups[g] = new Accumulator();
    }
    byte[] pixels = images.pixelBytes();
    for (int i = 0; i < images.size(); i++) {
      Accumulator all = groups[0];
      Accumulator own = groups[1 + images.label(i)];
      all.images++;
      own.images++;
      int offset = i * LabeledImages.PIXELS;
      for (int p = 0; p < LabeledImages.PIXELS; p++) {
        int v = pixels[offset + p] & 0xFF;
        all.add(p, v);
        own.add(p, v);
      }
    }
    PixelStatistics[] out = new PixelStatistics[groups.length];
    for (int g = 0; g < groups.length; g++) {
      out[g] = groups[g].result();
    }
    return out;
  }

  private static final class Accumulator {
    int images;
    long sum;
    long sumOfSquares;
    long zeros;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    final boolean[] everNonZero = new boolean[LabeledImages.PIXELS];

    void add(int position, int value) {
      sum += value;
      sumOfSquares += (long) value * value;
      if (value == 0) {
        zeros++;
      } else {
        everNonZero[position] = true;
      }
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    PixelStatistics result() {
      if (images == 0) {
        return new PixelStatistics(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0);
      }
      double n = (double) images * LabeledImages.PIXELS;
      double mean = sum / n;
      double variance = Math.max(0, sumOfSquares / n - mean * mean);
      int always = 0;
      for (boolean seen : everNonZero) {
        always += seen ? 0 : 1;
      }
      return new PixelStatistics(images, min, max, mean, Math.sqrt(variance), zeros / n, always);
    }
  }
}
