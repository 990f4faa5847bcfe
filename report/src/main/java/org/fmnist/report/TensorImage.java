package org.fmnist.report;

import java.awt.image.BufferedImage;
import org.fmnist.data.LabeledImages;

/** Pictures of tensors at their native size, one pixel per value; grids scale them up. */
public final class TensorImage {
  static {
    Headless.ensure();
  }

  private TensorImage() {}

  /** Values in row-major order ({@code values[offset + y * width + x]}), coloured on [min, max]. */
  public static BufferedImage of(
      float[] values, int width, int height, ColourMap map, double min, double max) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, map.rgb(values[y * width + x], min, max));
      }
    }
    return image;
  }

  /** Image {@code index} of a dataset as it is: grey 0 (black) to 255 (white). */
  public static BufferedImage grey(LabeledImages images, int index) {
    float[] pixels = new float[LabeledImages.PIXELS];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = images.pixel(index, p);
    }
    return of(pixels, LabeledImages.COLS, LabeledImages.ROWS, ColourMap.GREY, 0, 255);
  }
}
