package org.fmnist.export.onnx;

import org.fmnist.export.Weights;

/** Reorders convolution kernels from TensorFlow's layout to ONNX's. */
final class KernelLayout {
  private KernelLayout() {}

  /** {@code [height, width, in, out]} to {@code [out, in, height, width]}. */
  static float[] hwioToOihw(Weights kernel) {
    long[] s = kernel.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException("a conv kernel has 4 dimensions, not " + s.length);
    }
    int kh = (int) s[0];
    int kw = (int) s[1];
    int in = (int) s[2];
    int out = (int) s[3];
    float[] hwio = kernel.values();
    float[] oihw = new float[hwio.length];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * kh + h) * kw + w] = hwio[((h * kw + w) * in + i) * out + o];
          }
        }
      }
    }
    return oihw;
  }
}
