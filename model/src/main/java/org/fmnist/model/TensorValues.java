package org.fmnist.model;

import org.tensorflow.types.TFloat32;

/** Copies tensor contents to Java arrays. */
public final class TensorValues {
  private TensorValues() {}

  /** All values of {@code tensor}, flattened in row-major order. */
  public static float[] floats(TFloat32 tensor) {
    float[] out = new float[Math.toIntExact(tensor.size())];
    tensor.asRawTensor().data().asFloats().read(out);
    return out;
  }
}
