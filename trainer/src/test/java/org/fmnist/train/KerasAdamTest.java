package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.fmnist.model.TensorValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Adam steps checked against the update worked out by hand from Kingma & Ba with Keras's
 * constants: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, w -= lr sqrt(1-b2^t)/(1-b1^t) m/(sqrt(v)+eps);
 * with a weight decay λ (AdamW, Keras 3's {@code weight_decay}) each step first does w -= lr λ w.
 */
class KerasAdamTest {
  private static final float[] START = {0.5f, -1.0f, 2.0f};
  // Gradients of loss = sum(w * c) are c. For the tiny one sqrt(v) is ~3e-8, so epsilon 1e-8
  // instead of Keras's 1e-7 would move that weight ~2.5x further: far outside the tolerance.
  private static final float[] C = {0.3f, -2.0f, 1e-6f};

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.1})
  void threeStepsMatchTheHandComputedUpdates(double lambda) {
    double lr = 0.01;
    double[] w = toDouble(START);
    double[] m = new double[3];
    double[] v = new double[3];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> weights = tf.withName("w").variable(tf.constant(START));
      var rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      var loss = tf.sum(tf.math.mul(weights, tf.constant(C)), tf.constant(0));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {weights.asOutput()});
      Op step = new KerasAdam(g, rate, (float) lambda).applyGradients(List.of(pair(grads[0], weights.asOutput())), "step");
      try (Session s = new Session(g)) {
        s.initialize();
        for (int t = 1; t <= 3; t++) {
          try (TFloat32 lrTensor = TFloat32.scalarOf((float) lr)) {
            s.runner().feed(rate, lrTensor).addTarget(step).run().close();
          }
          double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
          for (int i = 0; i < 3; i++) {
            w[i] -= lr * lambda * w[i];
            m[i] = 0.9 * m[i] + 0.1 * C[i];
            v[i] = 0.999 * v[i] + 0.001 * C[i] * C[i];
            w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + 1e-7);
          }
          float[] actual = read(s, weights);
          for (int i = 0; i < 3; i++) {
            assertEquals(w[i], actual[i], 1e-6 * Math.max(1, Math.abs(w[i])), "step " + t + " w[" + i + "]");
          }
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> GradAndVar<T> pair(Output<?> g, Output<?> v) {
    return new GradAndVar<>((Output<T>) g, (Output<T>) v);
  }

  private static float[] read(Session s, Variable<TFloat32> variable) {
    try (Result r = s.runner().fetch(variable).run()) {
      return TensorValues.floats((TFloat32) r.get(0));
    }
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
