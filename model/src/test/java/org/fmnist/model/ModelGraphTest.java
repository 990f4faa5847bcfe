package org.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
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
    ModelSpec spec = SpecParser.parse("t", "flatten dense:2 bn dense:10");
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
      float[] dense = fetch(s, train.layerOutputs().get(1));
      float[] normalized = fetch(s, train.layerOutputs().get(2));
      float[] inferred = fetch(s, infer.layerOutputs().get(2));
      for (int c = 0; c < 2; c++) {
        double mean = 0;
        double var = 0;
        for (int n = 0; n < 4; n++) {
          mean += dense[n * 2 + c] / 4.0;
        }
        for (int n = 0; n < 4; n++) {
          var += Math.pow(dense[n * 2 + c] - mean, 2) / 4.0; // biased, as Keras
        }
        for (int n = 0; n < 4; n++) {
          double expected = (dense[n * 2 + c] - mean) / Math.sqrt(var + 1e-3);
          assertEquals(expected, normalized[n * 2 + c], 1e-4);
          // fresh moving statistics (0, 1): inference divides by sqrt(1 + eps) only
          assertEquals(dense[n * 2 + c] / Math.sqrt(1 + 1e-3), inferred[n * 2 + c], 1e-4);
        }
      }
      // one update moves the moving mean 1% of the way from 0 to the batch mean
      s.runner().addTarget(train.stateUpdates().get(0)).run().close();
      float[] moving = fetch(s, p.get("batch_normalization_moving_mean"));
      for (int c = 0; c < 2; c++) {
        double mean = (dense[c] + dense[2 + c] + dense[4 + c] + dense[6 + c]) / 4.0;
        assertEquals(0.01 * mean, moving[c], 1e-5);
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

  private static float[] fetch(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      return TensorValues.floats((TFloat32) r.get(0));
    }
  }
}
