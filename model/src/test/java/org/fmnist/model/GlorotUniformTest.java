package org.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GlorotUniformTest {

  @Test
  void fansCountTheReceptiveFieldOfConvolutionKernels() {
    assertArrayEquals(new long[] {3 * 3 * 32, 3 * 3 * 64}, GlorotUniform.fans(Shape.of(3, 3, 32, 64)));
    assertArrayEquals(new long[] {3136, 64}, GlorotUniform.fans(Shape.of(3136, 64)));
    assertEquals(Math.sqrt(6.0 / (288 + 576)), GlorotUniform.limit(Shape.of(3, 3, 32, 64)), 1e-12);
  }

  @Test
  void valuesAreSymmetricUniformWithinTheLimit() {
    Shape shape = Shape.of(5, 5, 32, 64);
    float[] values = sample(shape, 7, 0);
    double limit = GlorotUniform.limit(shape);
    double sum = 0;
    double sumSquares = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (float v : values) {
      sum += v;
      sumSquares += (double) v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    int n = values.length;
    double mean = sum / n;
    double variance = sumSquares / n - mean * mean;
    assertTrue(min >= -limit && max <= limit, "values within [-l, l]");
    assertTrue(min < -0.99 * limit && max > 0.99 * limit, "values reach both ends: " + min + " " + max);
    assertEquals(0, mean, 0.01 * limit, "mean near 0");
    // U(-l, l) has variance l^2 / 3; 51,200 samples pin it within a few percent.
    assertEquals(limit * limit / 3, variance, 0.03 * limit * limit / 3);
  }

  @Test
  void sameSeedAndStreamGiveTheSameValuesOthersDiffer() {
    Shape shape = Shape.of(10, 10);
    assertArrayEquals(sample(shape, 1, 2), sample(shape, 1, 2));
    assertTrue(!java.util.Arrays.equals(sample(shape, 1, 2), sample(shape, 1, 3)));
    assertTrue(!java.util.Arrays.equals(sample(shape, 1, 2), sample(shape, 2, 2)));
  }

  private static float[] sample(Shape shape, long seed, long stream) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var values = GlorotUniform.values(tf, shape, seed, stream);
      try (Result r = s.runner().fetch(values).run()) {
        return TensorValues.floats((TFloat32) r.get(0));
      }
    }
  }
}
