package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.data.LabeledImages;
import org.fmnist.io.Json;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.Precision;
import org.fmnist.model.Presets;
import org.fmnist.model.TensorValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** Label smoothing and weight decay against values worked out by hand. */
class RegularizationTest {
  @TempDir Path dir;

  @Test
  void theSmoothedTrainingLossIsTheCrossEntropyWithTheSmoothedTarget() {
    LabeledImages batch = RealData.get().train().first(64);
    int[] order = new int[64];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double epsilon = 0.2;
    ModelSpec spec = Presets.get("baseline", 3); // no dropout or BN: training and inference agree
    Regularization smoothing = new Regularization(Augmentation.NONE, epsilon, 0);
    try (TrainingGraph graph = new TrainingGraph(spec, 5, Device.CPU.resolve(2), Precision.FP32, smoothing)) {
      graph.initialize();
      float[][] p = graph.evaluator().evaluate(batch, true).probabilities();
      double expected = 0;
      for (int i = 0; i < 64; i++) {
        for (int k = 0; k < ModelSpec.CLASSES; k++) {
          double target = (k == batch.label(i) ? 1 - epsilon : 0) + epsilon / ModelSpec.CLASSES;
          expected -= target * Math.log(p[i][k]);
        }
      }
      expected /= 64;
      float loss = graph.trainStep(batch, order, 0, 64, 5, 0, 1e-3f).loss();
      assertEquals(expected, loss, 1e-4);
      double plain = graph.evaluator().evaluate(batch, false).meanLoss();
      assertNotEquals(plain, loss, 1e-3); // the evaluation loss is not smoothed
    }
  }

  /**
   * Two AdamW steps: w = w - lr·λ·w, then Adam's update, as Keras 3 does (hand-computed in double).
   */
  @Test
  void weightDecayShrinksEachVariableByLrTimesLambdaBeforeTheAdamUpdate() {
    float[] start = {0.5f, -1.0f, 2.0f};
    float[] c = {0.3f, -2.0f, 0.0f}; // the last weight has no gradient: only the decay moves it
    double lr = 0.01;
    double lambda = 0.1;
    double[] w = {start[0], start[1], start[2]};
    double[] m = new double[3];
    double[] v = new double[3];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> weights = tf.withName("w").variable(tf.constant(start));
      var rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      var loss = tf.sum(tf.math.mul(weights, tf.constant(c)), tf.constant(0));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {weights.asOutput()});
      Op step =
          new KerasAdam(g, rate, (float) lambda)
              .applyGradients(List.of(pair(grads[0], weights.asOutput())), "step");
      try (Session s = new Session(g)) {
        s.initialize();
        for (int t = 1; t <= 2; t++) {
          try (TFloat32 lrTensor = TFloat32.scalarOf((float) lr)) {
            s.runner().feed(rate, lrTensor).addTarget(step).run().close();
          }
          double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
          for (int i = 0; i < 3; i++) {
            w[i] -= lr * lambda * w[i];
            m[i] = 0.9 * m[i] + 0.1 * c[i];
            v[i] = 0.999 * v[i] + 0.001 * c[i] * c[i];
            w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + 1e-7);
          }
          try (Result r = s.runner().fetch(weights).run()) {
            float[] actual = TensorValues.floats((TFloat32) r.get(0));
            for (int i = 0; i < 3; i++) {
              assertEquals(w[i], actual[i], 1e-6, "step " + t + " w[" + i + "]");
            }
          }
        }
        assertEquals(2.0 * 0.999 * 0.999, w[2], 1e-12); // the hand computation itself: pure decay
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> GradAndVar<T> pair(Output<?> g, Output<?> v) {
    return new GradAndVar<>((Output<T>) g, (Output<T>) v);
  }

  @Test
  void aConfigWithRegularizationRoundTripsAndOldOnesReadAsNone() throws Exception {
    Regularization r = new Regularization(Augmentation.parse("shift:2,flip,erase:0.5"), 0.1, 5e-4);
    TrainingConfig config =
        new TrainingConfig(
            "cnn", null, 3, 8, 256, 4e-3, 0.1, 7, 0, 0, Device.CPU, 2, Precision.BF16, 1, true, 0, r);
    Path file = dir.resolve("config.json");
    Json.writeAtomically(file, config);
    assertEquals(config, Json.read(file, TrainingConfig.class));
    TrainingConfig old =
        new TrainingConfig("cnn", null, 3, 8, 256, 4e-3, 0.1, 7, 0, 0, Device.CPU, 2, Precision.BF16, 1, true, 0);
    assertEquals(Regularization.NONE, old.regularization());
  }

  @Test
  void refusesOutOfRangeValues() {
    assertThrows(IllegalArgumentException.class, () -> new Regularization(Augmentation.NONE, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Regularization(Augmentation.NONE, -0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Regularization(Augmentation.NONE, 0, -1));
  }

  @Test
  void augmentationChangesTheTrainingButNotTheData() {
    FashionMnist data = RealData.slice(600, 200);
    byte[] before = data.train().pixelBytes().clone();
    TrainingConfig plain =
        new TrainingConfig("baseline", null, 3, 1, 32, 1e-3, 0.1, 3, 600, 0, Device.CPU, 2, Precision.FP32, 0, false, 0);
    TrainingConfig augmented =
        new TrainingConfig("baseline", null, 3, 1, 32, 1e-3, 0.1, 3, 600, 0, Device.CPU, 2, Precision.FP32, 0, false, 0,
            new Regularization(Augmentation.parse("shift:2,flip"), 0, 0));
    double a = train(plain, data, "plain");
    double b = train(augmented, data, "augmented");
    assertNotEquals(a, b);
    assertEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(data.train().pixelBytes()));
  }

  private double train(TrainingConfig config, FashionMnist data, String name) {
    return new Trainer(config, new RunDirectory(dir.resolve(name)), List.of(), line -> {})
        .fit(data, false).history().epochs().get(0).loss();
  }
}
