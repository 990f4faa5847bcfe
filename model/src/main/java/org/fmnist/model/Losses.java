package org.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Sparse categorical cross-entropy per example, written with {@code logSoftmax} (TF Java 1.0.0 has
 * no gradient for SparseSoftmaxCrossEntropyWithLogits). Training and evaluation share it.
 */
public final class Losses {
  private Losses() {}

  /** One-hot float32 rows of the uint8 labels. */
  public static Operand<TFloat32> oneHot(Ops tf, Operand<TUint8> labels) {
    return tf.oneHot(labels, tf.constant(ModelSpec.CLASSES), tf.constant(1f), tf.constant(0f));
  }

  /** Keras's label smoothing of one-hot targets: (1 - ε)·y + ε/K; ε = 0 leaves them as they are. */
  public static Operand<TFloat32> smoothed(Ops tf, Operand<TFloat32> oneHot, double epsilon) {
    if (epsilon == 0) {
      return oneHot;
    }
    return tf.math.add(
        tf.math.mul(oneHot, tf.constant((float) (1 - epsilon))),
        tf.constant((float) (epsilon / ModelSpec.CLASSES)));
  }

  public static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHot) {
    Operand<TFloat32> picked =
        tf.sum(tf.math.mul(oneHot, tf.nn.logSoftmax(logits)), tf.constant(1));
    return tf.math.neg(picked);
  }
}
