package org.fmnist.model;

/** Keras's convolution padding modes. */
public enum Padding {
  SAME,
  VALID;

  /** Output length of a window of {@code kernel} with {@code stride} over {@code input} cells. */
  public int outputLength(int input, int kernel, int stride) {
    return this == SAME ? ceilDiv(input, stride) : ceilDiv(input - kernel + 1, stride);
  }

  /** Total padding Keras/TensorFlow adds for SAME (more at the end when odd), 0 for VALID. */
  public int totalPadding(int input, int kernel, int stride) {
    if (this == VALID) {
      return 0;
    }
    int out = outputLength(input, kernel, stride);
    return Math.max((out - 1) * stride + kernel - input, 0);
  }

  public String tensorflowName() {
    return name();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
