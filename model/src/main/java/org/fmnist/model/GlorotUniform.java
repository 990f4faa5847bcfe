package org.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code glorot_uniform}: U(-l, l) with l = sqrt(6 / (fan_in + fan_out)), the fans counted
 * over the receptive field for convolution kernels (HWIO: fan_in = h*w*in, fan_out = h*w*out).
 * Written here because tensorflow-framework 1.0.0's Glorot yields only non-negative values and
 * miscounts the fans of 4-D kernels.
 */
public final class GlorotUniform {
  private GlorotUniform() {}

  public static double limit(Shape kernelShape) {
    long[] fans = fans(kernelShape);
    return Math.sqrt(6.0 / (fans[0] + fans[1]));
  }

  /** {fan_in, fan_out} of a 2-D dense kernel or an HWIO convolution kernel. */
  static long[] fans(Shape shape) {
    int rank = shape.numDimensions();
    if (rank < 2) {
      throw new IllegalArgumentException("a kernel has rank >= 2, not " + shape);
    }
    long receptiveField = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptiveField *= shape.get(i);
    }
    return new long[] {shape.get(rank - 2) * receptiveField, shape.get(rank - 1) * receptiveField};
  }

  /** Initial values, deterministic for a given {@code (seed, stream)} pair. */
  public static Operand<TFloat32> values(Ops tf, Shape shape, long seed, long stream) {
    Operand<TFloat32> unit =
        tf.random.statelessRandomUniform(
            tf.constant(shape.asArray()), tf.constant(new long[] {seed, stream}), TFloat32.class);
    float l = (float) limit(shape);
    return tf.math.mul(tf.math.sub(tf.math.mul(unit, tf.constant(2f)), tf.constant(1f)), tf.constant(l));
  }
}
