package org.fmnist.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.LabeledImages;
import org.fmnist.train.Augmentation;
import org.fmnist.train.Device;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Where augmentation is cheaper: the host path fmnist uses (Augmentation.apply per image of a
 * 256-image batch, shift:2,flip,erase:0.5) against a lower bound of an in-graph one (pad, one crop,
 * a per-image flip select and a random mask: fewer ops than per-image crops and squares would need),
 * each the best of 400 repetitions, beside a plain copy and a graph that only scales the pixels.
 *   java -cp bench/jmh/target/fmnist-bench.jar org.fmnist.bench.AugmentationCost
 */
public final class AugmentationCost {
  private static final int BATCH = 256;
  private static final int REPS = 400;

  private AugmentationCost() {}

  public static void main(String[] args) {
    LabeledImages train = new DatasetLocator().load(null, false, line -> {}).train();
    Augmentation aug = Augmentation.parse("shift:2,flip,erase:0.5");
    int p = LabeledImages.PIXELS;
    byte[] pixels = train.pixelBytes();
    byte[] scratch = new byte[p];
    byte[] batch = new byte[BATCH * p];
    long augmented = Long.MAX_VALUE;
    long copied = Long.MAX_VALUE;
    for (int r = 0; r < REPS; r++) {
      long t = System.nanoTime();
      SplittableRandom random = Augmentation.random(1, r);
      for (int i = 0; i < BATCH; i++) {
        Augmentation.apply(aug.draw(random), pixels, image(r, i) * p, scratch);
        System.arraycopy(scratch, 0, batch, i * p, p);
      }
      augmented = Math.min(augmented, System.nanoTime() - t);
      t = System.nanoTime();
      for (int i = 0; i < BATCH; i++) {
        System.arraycopy(pixels, image(r, i) * p, batch, i * p, p);
      }
      copied = Math.min(copied, System.nanoTime() - t);
    }
    System.out.printf(Locale.ROOT, "host: augment %.3f ms, plain copy %.3f ms per batch of %d%n", augmented / 1e6, copied / 1e6, BATCH);
    inGraph();
  }

  private static int image(int rep, int i) {
    return (rep * BATCH + i) % 50_000;
  }

  private static void inGraph() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(BATCH, 28, 28, 1)));
      var seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> scaled = tf.math.div(tf.dtypes.cast(x, TFloat32.class), tf.constant(255f));
      Operand<TFloat32> padded =
          tf.pad(scaled, tf.constant(new int[][] {{0, 0}, {2, 2}, {2, 2}, {0, 0}}), tf.constant(0f));
      Operand<TFloat32> crop =
          tf.slice(padded, tf.constant(new int[] {0, 1, 3, 0}), tf.constant(new int[] {BATCH, 28, 28, 1}));
      Operand<TFloat32> flipped = tf.reverse(crop, tf.constant(new int[] {2}));
      Operand<TFloat32> coin =
          tf.random.statelessRandomUniform(tf.constant(new long[] {BATCH, 1, 1, 1}), seed, TFloat32.class);
      Operand<TFloat32> chosen =
          tf.select(
              tf.math.greater(tf.broadcastTo(coin, tf.constant(new long[] {BATCH, 28, 28, 1})), tf.constant(0.5f)),
              flipped,
              crop);
      Operand<TFloat32> noise =
          tf.random.statelessRandomUniform(
              tf.constant(new long[] {BATCH, 28, 28, 1}), tf.math.add(seed, tf.constant(new long[] {0, 1})), TFloat32.class);
      Operand<TFloat32> masked =
          tf.math.mul(chosen, tf.dtypes.cast(tf.math.greater(noise, tf.constant(0.1f)), TFloat32.class));
      Operand<TFloat32> plain = tf.identity(scaled);
      try (Session s = new Session(g, Device.CPU.resolve(2).sessionConfig());
          TUint8 images = TUint8.tensorOf(Shape.of(BATCH, 28, 28, 1));
          TInt64 seeds = TInt64.vectorOf(1, 2)) {
        long withOps = Long.MAX_VALUE;
        long scaleOnly = Long.MAX_VALUE;
        for (int r = 0; r < REPS; r++) {
          long t = System.nanoTime();
          s.runner().feed(x, images).feed(seed, seeds).fetch(masked).run().close();
          withOps = Math.min(withOps, System.nanoTime() - t);
          t = System.nanoTime();
          s.runner().feed(x, images).feed(seed, seeds).fetch(plain).run().close();
          scaleOnly = Math.min(scaleOnly, System.nanoTime() - t);
        }
        System.out.printf(
            Locale.ROOT, "graph: augmentation-like ops %.3f ms, scaling only %.3f ms per batch of %d%n",
            withOps / 1e6, scaleOnly / 1e6, BATCH);
      }
    }
  }
}
