package org.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.OptionalLong;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.LabeledImages;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ModelGraphTest {

  @Test
  void flattenKeepsKerasHeightWidthChannelOrder() {
    // A 28x28x2 feature map whose value encodes (h, w, c): Keras flattens h, then w, then c.
    ModelSpec spec = SpecParser.parse("t", "conv:2:1:valid flatten dense:10");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ModelParameters p = ModelParameters.create(tf, spec, OptionalLong.of(1));
      float[] pixels = new float[784];
      for (int i = 0; i < 784; i++) {
        pixels[i] = i;
      }
      Operand<TFloat32> x = tf.constant(Shape.of(1, 28, 28, 1), DataBuffers.of(pixels));
      var forward = ModelGraph.forward(tf, spec, p, x, new ModelGraph.Mode.Inference());
      s.initialize();
      // kernel [1,1,1,2] = {1, 1000}: channel c of pixel (h, w) holds (28h + w) * (c == 0 ? 1 : 1000)
      var kernel = tf.constant(Shape.of(1, 1, 1, 2), DataBuffers.of(new float[] {1, 1000}));
      s.runner().addTarget(tf.assign(p.get("conv2d_kernel"), kernel)).run().close();
      float[] flat = fetch(s, forward.layerOutputs().get(1));
      assertEquals(28 * 28 * 2, flat.length);
      for (int h = 0; h < 28; h++) {
        for (int w = 0; w < 28; w++) {
          int index = (h * 28 + w) * 2;
          assertEquals(h * 28 + w, flat[index], 1e-3);
          assertEquals((h * 28 + w) * 1000f, flat[index + 1], 1e-1);
        }
      }
    }
  }

  @Test
  void dropoutIsInvertedInTrainingAndIdentityAtInference() {
    ModelSpec spec = SpecParser.parse("t", "flatten dropout:0.25 dense:10");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ModelParameters p = ModelParameters.create(tf, spec, OptionalLong.of(1));
      float[] ones = new float[64 * 784];
      java.util.Arrays.fill(ones, 1f);
      Operand<TFloat32> x = tf.constant(Shape.of(64, 28, 28, 1), DataBuffers.of(ones));
      var train =
          ModelGraph.forward(tf, spec, p, x, new ModelGraph.Mode.Training(tf.constant(new long[] {3, 4})));
      var infer = ModelGraph.forward(tf, spec, p, x, new ModelGraph.Mode.Inference());
      s.initialize();
      float[] dropped = fetch(s, train.layerOutputs().get(1));
      float[] kept = fetch(s, infer.layerOutputs().get(1));
      int zeros = 0;
      for (float v : dropped) {
        assertTrue(v == 0f || Math.abs(v - 1f / 0.75f) < 1e-6, "kept values scaled by 1/(1-rate)");
        zeros += v == 0f ? 1 : 0;
      }
      assertEquals(0.25, (double) zeros / dropped.length, 0.01);
      for (float v : kept) {
        assertEquals(1f, v);
      }
    }
  }

  @Test
  void batchNormTrainsOnBatchStatisticsAndInfersWithMovingOnes() {
    checkBatchNorm("flatten dense:2 bn dense:10", 1); // statistics over the batch
  }

  @Test
  void batchNormOfAFeatureMapNormalizesOverBatchHeightAndWidth() {
    checkBatchNorm("conv:2:3:valid bn flatten dense:10", 0);
  }

  /** The layer after {@code before} is a bn of 2 channels; 4 images. */
  private static void checkBatchNorm(String text, int before) {
    ModelSpec spec = SpecParser.parse("t", text);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ModelParameters p = ModelParameters.create(tf, spec, OptionalLong.of(5));
      float[] pixels = new float[4 * 784];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (i * 37 % 101) / 100f;
      }
      Operand<TFloat32> x = tf.constant(Shape.of(4, 28, 28, 1), DataBuffers.of(pixels));
      var train =
          ModelGraph.forward(tf, spec, p, x, new ModelGraph.Mode.Training(tf.constant(new long[] {1, 1})));
      var infer = ModelGraph.forward(tf, spec, p, x, new ModelGraph.Mode.Inference());
      s.initialize();
      float[] in = fetch(s, train.layerOutputs().get(before));
      float[] normalized = fetch(s, train.layerOutputs().get(before + 1));
      float[] inferred = fetch(s, infer.layerOutputs().get(before + 1));
      int rows = in.length / 2; // channels last: value i is of channel i % 2
      double[] mean = new double[2];
      double[] var = new double[2];
      for (int i = 0; i < in.length; i++) {
        mean[i % 2] += in[i] / (double) rows;
      }
      for (int i = 0; i < in.length; i++) {
        var[i % 2] += Math.pow(in[i] - mean[i % 2], 2) / rows; // biased, as Keras
      }
      for (int i = 0; i < in.length; i++) {
        double expected = (in[i] - mean[i % 2]) / Math.sqrt(var[i % 2] + 1e-3);
        assertEquals(expected, normalized[i], 1e-4);
        // fresh moving statistics (0, 1): inference divides by sqrt(1 + eps) only
        assertEquals(in[i] / Math.sqrt(1 + 1e-3), inferred[i], 1e-4);
      }
      // one update moves the moving statistics 1% of the way from (0, 1) to the batch's (biased)
      train.stateUpdates().forEach(u -> s.runner().addTarget(u).run().close());
      float[] movingMean = fetch(s, p.get("batch_normalization_moving_mean"));
      float[] movingVariance = fetch(s, p.get("batch_normalization_moving_variance"));
      for (int c = 0; c < 2; c++) {
        assertEquals(0.01 * mean[c], movingMean[c], 1e-5);
        assertEquals(0.99 + 0.01 * var[c], movingVariance[c], 1e-5);
      }
    }
  }

  @Test
  void poolingBuildsThePlainMaxPoolOp() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelSpec spec = Presets.get("cnn", 3);
      ModelParameters p = ModelParameters.create(tf, spec, OptionalLong.of(1));
      Operand<TFloat32> x = tf.zeros(tf.constant(new long[] {1, 28, 28, 1}), TFloat32.class);
      ModelGraph.forward(tf, spec, p, x, new ModelGraph.Mode.Inference());
      boolean plain = false;
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        String type = it.next().type();
        assertFalse(type.equals("MaxPoolV2"), "MaxPoolV2 misses oneDNN");
        plain |= type.equals("MaxPool");
      }
      assertTrue(plain);
    }
  }

  @Test
  void trainingMovesReluBehindPoolWithTheSameLogitsAndGradients() {
    // cnn has no dropout or BatchNormalization, so its training and inference passes compute the
    // same function: the training pass with conv -> pool -> relu, the inference pass as specified.
    ModelSpec spec = Presets.get("cnn", 3);
    LabeledImages images = new DatasetLocator().load(null, false, line -> {}).test().first(32);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ModelParameters p = ModelParameters.create(tf, spec, OptionalLong.of(7));
      byte[] bytes = images.pixelBytes();
      float[] pixels = new float[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        pixels[i] = (bytes[i] & 0xff) / 255f;
      }
      Operand<TFloat32> x = tf.constant(Shape.of(32, 28, 28, 1), DataBuffers.of(pixels));
      Operand<TFloat32> trainLogits =
          ModelGraph.forward(tf.withSubScope("train"), spec, p, x, new ModelGraph.Mode.Training(tf.constant(new long[] {1, 2})))
              .logits();
      Operand<TFloat32> inferLogits =
          ModelGraph.forward(tf.withSubScope("infer"), spec, p, x, new ModelGraph.Mode.Inference()).logits();
      Output<?>[] variables = p.trainable().stream().map(v -> v.asOutput()).toArray(Output<?>[]::new);
      Output<?>[] trainGradients = g.addGradients(loss(tf, trainLogits).asOutput(), variables);
      Output<?>[] inferGradients = g.addGradients(loss(tf, inferLogits).asOutput(), variables);
      s.initialize();

      assertArrayEquals(fetch(s, inferLogits), fetch(s, trainLogits));
      for (int i = 0; i < variables.length; i++) {
        assertArrayEquals(fetchOutput(s, inferGradients[i]), fetchOutput(s, trainGradients[i]), "gradient " + i);
      }
      int movedRelus = 0;
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("Relu") && op.name().startsWith("train/")) {
          movedRelus += op.input(0).op().type().equals("MaxPool") ? 1 : 0;
        }
      }
      assertEquals(2, movedRelus, "both convolutions' ReLUs follow their pools");
    }
  }

  /** A loss that weighs every logit differently, so each gradient path counts. */
  private static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> logits) {
    float[] weights = new float[32 * 10];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (i % 7) - 3f;
    }
    return tf.sum(tf.math.mul(logits, tf.constant(Shape.of(32, 10), DataBuffers.of(weights))), tf.constant(new int[] {0, 1}));
  }

  @SuppressWarnings("unchecked")
  private static float[] fetchOutput(Session s, Output<?> x) {
    return fetch(s, (Output<TFloat32>) x);
  }

  private static float[] fetch(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      return TensorValues.floats((TFloat32) r.get(0));
    }
  }
}
