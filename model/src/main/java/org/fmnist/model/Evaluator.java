package org.fmnist.model;

import java.util.ArrayList;
import java.util.List;
import org.fmnist.data.LabeledImages;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Runs a uint8 {@link InferenceGraph} over labelled images in batches: mean loss, predicted classes,
 * probabilities and the output of every layer for one image.
 */
public final class Evaluator {
  private static final int BATCH = 1000;

  /** Mean loss, predicted classes and (optionally) softmax probabilities over a set of images. */
  public record Predictions(double meanLoss, int[] predicted, float[][] probabilities) {}

  /** The labels placeholder and summed loss an evaluation adds to a uint8 inference graph. */
  public record Head(InferenceGraph inference, Placeholder<TUint8> labels, Operand<TFloat32> lossSum) {
    public static Head build(Ops tf, InferenceGraph inference) {
      if (inference.input().type() != TUint8.class) {
        throw new IllegalArgumentException("evaluation feeds uint8 images");
      }
      Placeholder<TUint8> labels =
          tf.withName("labels").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> loss =
          Losses.crossEntropy(tf, inference.logits(), Losses.oneHot(tf, labels));
      return new Head(inference, labels, tf.sum(loss, tf.constant(0)));
    }
  }

  private final Session session;
  private final Head head;

  public Evaluator(Session session, Head head) {
    this.session = session;
    this.head = head;
  }

  public Predictions evaluate(LabeledImages data, boolean withProbabilities) {
    int n = data.size();
    int[] predicted = new int[n];
    float[][] probabilities = withProbabilities ? new float[n][] : null;
    double lossSum = 0;
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      try (TUint8 x = pixels(data, from, count);
          TUint8 y = TUint8.tensorOf(Shape.of(count), bytes(data.labelBytes(), from, count));
          Result result = runner(x, y, withProbabilities).run()) {
        lossSum += ((TFloat32) result.get(0)).getFloat();
        TInt64 p = (TInt64) result.get(1);
        for (int i = 0; i < count; i++) {
          predicted[from + i] = (int) p.getLong(i);
        }
        if (withProbabilities) {
          TFloat32 probs = (TFloat32) result.get(2);
          for (int i = 0; i < count; i++) {
            float[] row = new float[ModelSpec.CLASSES];
            for (int c = 0; c < row.length; c++) {
              row[c] = probs.getFloat(i, c);
            }
            probabilities[from + i] = row;
          }
        }
      }
    }
    return new Predictions(lossSum / n, predicted, probabilities);
  }

  private Session.Runner runner(TUint8 x, TUint8 y, boolean withProbabilities) {
    InferenceGraph g = head.inference();
    Session.Runner runner =
        session
            .runner()
            .feed(g.input(), x)
            .feed(head.labels(), y)
            .fetch(head.lossSum())
            .fetch(g.classId());
    return withProbabilities ? runner.fetch(g.probabilities()) : runner;
  }

  /**
   * The inference output of every layer for image {@code index} (for feature-map pictures). The
   * caller owns the returned tensors and must close every one of them.
   */
  public List<TFloat32> layerOutputs(LabeledImages data, int index) {
    List<Operand<TFloat32>> taps = head.inference().layerOutputs();
    try (TUint8 x = pixels(data, index, 1)) {
      Session.Runner runner = session.runner().feed(head.inference().input(), x);
      taps.forEach(runner::fetch);
      Result result = runner.run();
      try {
        List<TFloat32> outputs = new ArrayList<>();
        for (int i = 0; i < taps.size(); i++) {
          outputs.add((TFloat32) result.get(i));
        }
        return outputs;
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
    }
  }

  /** Images {@code from} .. {@code from + count - 1} as a uint8 NHWC tensor. */
  public static TUint8 pixels(LabeledImages data, int from, int count) {
    int p = LabeledImages.PIXELS;
    return TUint8.tensorOf(
        Shape.of(count, LabeledImages.ROWS, LabeledImages.COLS, 1),
        bytes(data.pixelBytes(), (long) from * p, (long) count * p));
  }

  /** A window on {@code array}, copied only into the tensor that takes it. */
  public static ByteDataBuffer bytes(byte[] array, long from, long count) {
    return DataBuffers.of(array, true, false).slice(from, count);
  }
}
