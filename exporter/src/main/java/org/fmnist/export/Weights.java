package org.fmnist.export;

/** One variable's value: its shape (TensorFlow's layout) and its elements in row-major order. */
public record Weights(long[] shape, float[] values) {
  public Weights {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape holds " + count + " values, but " + values.length + " were given");
    }
  }

  public int size() {
    return values.length;
  }
}
