package org.fmnist.serving;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * Turns any image into a model's input: grey in [0, 1] (transparent pixels over white), scaled
 * with area averaging so that its longer side fits the model's size, centred on the background
 * level (the median of its border), and inverted when that background is light (see {@link
 * Inversion}).
 */
final class ImagePreprocessor {
  private ImagePreprocessor() {}

  /** Row-major grey pixels, {@code height * width} floats in [0, 1]. */
  static float[] toPixels(BufferedImage image, int height, int width, Inversion inversion) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] grey = grey(image);
    float background = borderMedian(grey, w, h);
    double scale = Math.min((double) width / w, (double) height / h);
    int fittedW = Math.max(1, Math.min(width, (int) Math.round(w * scale)));
    int fittedH = Math.max(1, Math.min(height, (int) Math.round(h * scale)));
    float[] fitted = resampleRows(transpose(resampleRows(grey, w, h, fittedW), fittedW, h), h, fittedW, fittedH);
    fitted = transpose(fitted, fittedH, fittedW);

    float[] canvas = new float[height * width];
    Arrays.fill(canvas, background);
    int top = (height - fittedH) / 2;
    int left = (width - fittedW) / 2;
    for (int y = 0; y < fittedH; y++) {
      System.arraycopy(fitted, y * fittedW, canvas, (top + y) * width + left, fittedW);
    }
    if (inversion == Inversion.AUTO && background > 0.5f) {
      for (int i = 0; i < canvas.length; i++) {
        canvas[i] = 1f - canvas[i];
      }
    }
    return canvas;
  }

  /**
   * Grey levels in [0, 1]. Grey images are read from their samples (Java's grey colour space is
   * linear, so going through sRGB would brighten them); colour images by Rec. 601 luma.
   */
  private static float[] grey(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    float[] grey = new float[w * h];
    boolean greySamples =
        model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float value;
        float alpha;
        if (greySamples) {
          value = raster.getSample(x, y, 0) / (float) ((1 << model.getComponentSize(0)) - 1);
          alpha = model.hasAlpha() ? raster.getSample(x, y, 1) / (float) ((1 << model.getComponentSize(1)) - 1) : 1f;
        } else {
          int argb = image.getRGB(x, y);
          value = (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
          alpha = ((argb >>> 24) & 0xFF) / 255f;
        }
        grey[y * w + x] = Math.min(1f, alpha * value + (1f - alpha));
      }
    }
    return grey;
  }

  /** The background level: the median of the border pixels, robust to an item touching the edge. */
  private static float borderMedian(float[] grey, int w, int h) {
    float[] border = new float[h == 1 || w == 1 ? w * h : 2 * w + 2 * (h - 2)];
    int count = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
          border[count++] = grey[y * w + x];
        }
      }
    }
    Arrays.sort(border);
    return border[count / 2];
  }

  /** Resamples each of {@code h} rows from {@code w} to {@code newW} pixels by area averaging. */
  private static float[] resampleRows(float[] src, int w, int h, int newW) {
    if (newW == w) {
      return src;
    }
    float[] out = new float[newW * h];
    double step = (double) w / newW;
    for (int x = 0; x < newW; x++) {
      double start = x * step;
      double end = start + step;
      for (int y = 0; y < h; y++) {
        double sum = 0;
        for (int s = (int) Math.floor(start); s < Math.min(w, Math.ceil(end)); s++) {
          double covered = Math.min(end, s + 1) - Math.max(start, s);
          sum += covered * src[y * w + s];
        }
        out[y * newW + x] = (float) (sum / step);
      }
    }
    return out;
  }

  private static float[] transpose(float[] src, int w, int h) {
    float[] out = new float[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[x * h + y] = src[y * w + x];
      }
    }
    return out;
  }
}
