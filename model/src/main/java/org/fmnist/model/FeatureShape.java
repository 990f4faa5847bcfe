package org.fmnist.model;

/**
 * The shape of one example between layers, without the batch dimension: height x width x channels
 * for images and feature maps, or a flat vector of {@code units}.
 */
public record FeatureShape(int height, int width, int channels, boolean flat) {

  public static final FeatureShape INPUT = image(28, 28, 1);

  public static FeatureShape image(int height, int width, int channels) {
    return new FeatureShape(height, width, channels, false);
  }

  public static FeatureShape vector(int units) {
    return new FeatureShape(1, 1, units, true);
  }

  public int units() {
    return height * width * channels;
  }

  /** Keras's way of printing an output shape, e.g. {@code (None, 14, 14, 32)}. */
  @Override
  public String toString() {
    return flat
        ? "(None, " + units() + ")"
        : "(None, " + height + ", " + width + ", " + channels + ")";
  }
}
