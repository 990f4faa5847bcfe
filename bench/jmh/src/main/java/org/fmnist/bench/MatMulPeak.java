package org.fmnist.bench;

import java.util.Arrays;
import java.util.Locale;
import org.fmnist.train.Device;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * The machine's matrix-product ceiling as TensorFlow reaches it: n x n times n x n MatMul in float32
 * and in bfloat16 on the CPU with the training runs' thread settings, inputs fed (so nothing is
 * constant-folded), 2n^3 FLOPs per product. Prints one JSON line with the best and the median
 * GFLOP/s of each type over the timed repetitions, for bench/train_speed.py.
 *   java -cp bench/jmh/target/fmnist-bench.jar org.fmnist.bench.MatMulPeak [n] [threads] [reps]
 */
public final class MatMulPeak {
  private MatMulPeak() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    double[] fp32 = gflops(TFloat32.class, n, threads, reps);
    double[] bf16 = gflops(TBfloat16.class, n, threads, reps);
    System.out.printf(
        Locale.ROOT,
        "{\"n\": %d, \"threads\": %d, \"reps\": %d, \"fp32\": {\"best\": %.1f, \"median\": %.1f},"
            + " \"bf16\": {\"best\": %.1f, \"median\": %.1f}}%n",
        n, threads, reps, fp32[0], fp32[1], bf16[0], bf16[1]);
  }

  /** Best and median GFLOP/s of {@code reps} timed products after 3 untimed ones. */
  private static <T extends TNumber> double[] gflops(Class<T> type, int n, int threads, int reps) {
    Device.Placement placement = Device.CPU.resolve(threads);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<T> a = tf.placeholder(type, Placeholder.shape(Shape.of(n, n)));
      Placeholder<T> b = tf.placeholder(type, Placeholder.shape(Shape.of(n, n)));
      MatMul<T> product = tf.linalg.matMul(a, b);
      try (Session s = new Session(g, placement.sessionConfig());
          Tensor x = filled(type, n, 1);
          Tensor y = filled(type, n, 2)) {
        double[] seconds = new double[reps];
        for (int r = -3; r < reps; r++) {
          long start = System.nanoTime();
          s.runner().feed(a, type.cast(x)).feed(b, type.cast(y)).fetch(product).run().close();
          if (r >= 0) {
            seconds[r] = (System.nanoTime() - start) / 1e9;
          }
        }
        Arrays.sort(seconds);
        double flops = 2.0 * n * n * n;
        return new double[] {flops / seconds[0] / 1e9, flops / seconds[reps / 2] / 1e9};
      }
    }
  }

  /** An n x n tensor of small varied values (a zero matrix could take a shortcut). */
  private static Tensor filled(Class<? extends TNumber> type, int n, int salt) {
    float[] values = new float[n * n];
    for (int i = 0; i < values.length; i++) {
      values[i] = ((i * 31L + salt) % 17) / 17f - 0.5f;
    }
    FloatDataBuffer data = DataBuffers.of(values, true, false);
    return type == TFloat32.class
        ? TFloat32.tensorOf(Shape.of(n, n), data)
        : TBfloat16.tensorOf(Shape.of(n, n), data);
  }
}
