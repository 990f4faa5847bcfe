package org.fmnist.serving;

/**
 * Whether an image is inverted before prediction. Fashion-MNIST items are light on a dark
 * background, the opposite of most photos and product shots.
 */
public enum Inversion {
  /** Invert when the image's border is mostly light (the usual photo on a white background). */
  AUTO,
  /** Keep intensities as they are (for images already light on dark, like the dataset's own). */
  NEVER
}
