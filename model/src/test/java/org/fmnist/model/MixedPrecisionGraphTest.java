package org.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.api.Test;

/** What {@code Precision.BF16} builds: which ops compute in bfloat16 and which stay float32. */
class MixedPrecisionGraphTest {

  @Test
  void convolutionsMatMulsAndBatchNormRunInBf16WhileWeightsLogitsAndStatisticsStayFloat32() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelSpec spec = Presets.get("cnn-bn", 3);
      ModelParameters params = ModelParameters.create(tf, spec, OptionalLong.of(1));
      Operand<TFloat32> images = tf.zeros(tf.constant(new long[] {2, 28, 28, 1}), TFloat32.class);
      ModelGraph.Forward forward =
          ModelGraph.forward(
              tf, spec, params, images,
              new ModelGraph.Mode.Training(tf.constant(new long[] {1, 2})), Precision.BF16);

      assertEquals(TFloat32.class, forward.logits().type());
      List<GraphOperation> ops = new ArrayList<>();
      g.operations().forEachRemaining(o -> ops.add((GraphOperation) o));
      List<GraphOperation> compute =
          ops.stream().filter(o -> o.type().equals("Conv2D") || o.type().equals("MatMul")).toList();
      assertEquals(4 + 2, compute.size(), "cnn-bn: four convolutions, two dense layers");
      for (GraphOperation op : compute) {
        assertEquals(DataType.DT_BFLOAT16, op.output(0).dataType(), op.name());
      }
      int batchNorms = 0;
      for (GraphOperation op : ops) {
        if (op.type().equals("VariableV2")) {
          assertEquals(DataType.DT_FLOAT_REF, op.output(0).dataType(), op.name());
        }
        if (op.type().equals("FusedBatchNormV3")) {
          // bfloat16 activations in and out, float32 batch mean and variance
          assertEquals(DataType.DT_BFLOAT16, op.output(0).dataType(), op.name());
          assertEquals(DataType.DT_FLOAT, op.output(1).dataType(), op.name());
          assertEquals(DataType.DT_FLOAT, op.output(2).dataType(), op.name());
          batchNorms++;
        }
      }
      assertEquals(4, batchNorms, "one fused kernel per BatchNormalization");
    }
  }

  @Test
  void bf16LogitsStayCloseToFp32Logits() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelSpec spec = Presets.get("cnn", 3);
      ModelParameters params = ModelParameters.create(tf, spec, OptionalLong.of(3));
      Operand<TFloat32> images =
          tf.random.statelessRandomUniform(
              tf.constant(new long[] {4, 28, 28, 1}), tf.constant(new long[] {5, 6}), TFloat32.class);
      ModelGraph.Mode mode = new ModelGraph.Mode.Inference();
      Operand<TFloat32> fp32 = ModelGraph.forward(tf, spec, params, images, mode).logits();
      Operand<TFloat32> bf16 =
          ModelGraph.forward(tf, spec, params, images, mode, Precision.BF16).logits();
      try (Session s = new Session(g)) {
        s.initialize();
        try (Result r = s.runner().fetch(fp32).fetch(bf16).run()) {
          float[] a = values((TFloat32) r.get(0));
          float[] b = values((TFloat32) r.get(1));
          assertEquals(40, a.length);
          double maxAbs = 0;
          boolean anyDifferent = false;
          for (int i = 0; i < a.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(a[i]));
            anyDifferent |= a[i] != b[i];
          }
          float[] tolerance = new float[a.length];
          for (int i = 0; i < a.length; i++) {
            // bf16 keeps 8 significant bits: a few percent of the logits' scale.
            tolerance[i] = Math.abs(a[i] - b[i]) <= 0.05 * maxAbs + 1e-3 ? 0 : a[i] - b[i];
          }
          assertArrayEquals(new float[a.length], tolerance);
          assertTrue(anyDifferent, "bf16 rounding must change the logits a little");
        }
      }
    }
  }

  private static float[] values(TFloat32 t) {
    float[] out = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }
}
