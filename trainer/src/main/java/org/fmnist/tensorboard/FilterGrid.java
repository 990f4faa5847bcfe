package org.fmnist.tensorboard;

import java.util.Optional;
import org.fmnist.model.FeatureShape;
import org.fmnist.model.LayerSpec;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.PlacedLayer;
import org.fmnist.model.Weight;

/**
 * The first weighted layer's filters as one grey picture for TensorBoard: one tile per filter of a
 * first Conv2D ({@code k x k}), or per unit of a first Dense on a one-channel image (its input
 * image's size), each tile stretched from its own minimum (black) to its maximum (white), enlarged
 * to at least {@value #MIN_TILE} pixels and separated by a grey line.
 */
final class FilterGrid {
  private static final int MIN_TILE = 24;
  private static final byte GAP = (byte) 128;

  private FilterGrid() {}

  /** The layer whose kernel is drawn and how it tiles; empty if there is no such layer. */
  record Layout(PlacedLayer layer, int tileHeight, int tileWidth, int tiles) {
    Weight kernel() {
      return layer.weight(Weight.Role.KERNEL);
    }
  }

  static Optional<Layout> layout(ModelSpec spec) {
    FeatureShape image = FeatureShape.INPUT;
    for (PlacedLayer layer : spec.placedLayers()) {
      FeatureShape in = layer.input();
      if (!in.flat()) {
        image = in;
      }
      if (layer.spec() instanceof LayerSpec.Conv2D c) {
        return in.channels() == 1
            ? Optional.of(new Layout(layer, c.kernel(), c.kernel(), c.filters()))
            : Optional.empty();
      }
      if (layer.spec() instanceof LayerSpec.Dense d) {
        return image.channels() == 1 && image.units() == in.units()
            ? Optional.of(new Layout(layer, image.height(), image.width(), d.units()))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The picture of {@code kernel}, the layer's weights flattened in their variable's order (HWIO
   * for a convolution with one input channel, [pixels, units] for a dense layer): for both, the
   * value of pixel p of tile t is {@code kernel[p * tiles + t]}.
   */
  static byte[][] draw(Layout layout, float[] kernel) {
    int tiles = layout.tiles();
    int columns = (int) Math.ceil(Math.sqrt(tiles));
    int rows = (tiles + columns - 1) / columns;
    int scale = Math.max(1, MIN_TILE / Math.max(layout.tileHeight(), layout.tileWidth()));
    int th = layout.tileHeight() * scale;
    int tw = layout.tileWidth() * scale;
    byte[][] picture = new byte[rows * (th + 1) + 1][columns * (tw + 1) + 1];
    for (byte[] row : picture) {
      java.util.Arrays.fill(row, GAP);
    }
    int pixels = layout.tileHeight() * layout.tileWidth();
    for (int t = 0; t < tiles; t++) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int p = 0; p < pixels; p++) {
        min = Math.min(min, kernel[p * tiles + t]);
        max = Math.max(max, kernel[p * tiles + t]);
      }
      int top = 1 + (t / columns) * (th + 1);
      int left = 1 + (t % columns) * (tw + 1);
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          float v = kernel[((y / scale) * layout.tileWidth() + x / scale) * tiles + t];
          float unit = max > min ? (v - min) / (max - min) : 0.5f;
          picture[top + y][left + x] = (byte) Math.round(unit * 255);
        }
      }
    }
    return picture;
  }
}
