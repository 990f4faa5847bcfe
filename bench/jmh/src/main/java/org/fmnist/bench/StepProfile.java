package org.fmnist.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.LabeledImages;
import org.fmnist.model.ModelFlops;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.Precision;
import org.fmnist.model.Presets;
import org.fmnist.model.SpecParser;
import org.fmnist.train.Device;
import org.fmnist.train.EpochOrder;
import org.fmnist.train.TrainingGraph;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a training step's time goes, by TensorFlow op type: the step statistics of traced steps
 * (RunOptions FULL_TRACE) summed per op type, beside the untraced step's wall time and the
 * step's achieved GFLOP/s. Ops of one step may run side by side on the inter-op threads, so the
 * per-type times can add up to more than the wall time.
 *   java -cp bench/jmh/target/fmnist-bench.jar org.fmnist.bench.StepProfile MODEL|SPEC BATCH fp32|bf16 [STEPS]
 */
public final class StepProfile {
  private static final int WARMUP = 20;

  private StepProfile() {}

  public static void main(String[] args) {
    ModelSpec spec = args[0].contains(" ") ? SpecParser.parse("spec", args[0]) : Presets.get(args[0], 3);
    int batch = Integer.parseInt(args[1]);
    Precision precision = Precision.valueOf(args[2].toUpperCase(Locale.ROOT));
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    LabeledImages train = new DatasetLocator().load(null, false, line -> {}).train();
    int[] order = EpochOrder.of(1, 1, train.size());
    try (TrainingGraph graph = new TrainingGraph(spec, 1, Device.CPU.resolve(2), precision)) {
      graph.initialize();
      long step = 0;
      for (; step < WARMUP; step++) {
        graph.trainStep(train, order, from(step, batch, train), batch, 1, step, 1e-3f);
      }
      long start = System.nanoTime();
      for (int i = 0; i < steps; i++, step++) {
        graph.trainStep(train, order, from(step, batch, train), batch, 1, step, 1e-3f);
      }
      double stepMs = (System.nanoTime() - start) / 1e6 / steps;
      Map<String, long[]> byType = new HashMap<>();
      for (int i = 0; i < steps; i++, step++) {
        add(graph.profileStep(train, order, from(step, batch, train), batch, 1, step, 1e-3f), byType);
      }
      report(spec, batch, precision, steps, stepMs, byType);
    }
  }

  private static int from(long step, int batch, LabeledImages train) {
    return (int) (step * batch % (train.size() - batch));
  }

  private static void add(RunMetadata metadata, Map<String, long[]> byType) {
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long[] sum = byType.computeIfAbsent(opType(node), k -> new long[2]);
        sum[0] += node.getAllEndRelMicros();
        sum[1]++;
      }
    }
  }

  /** The timeline label reads "name = OpType(inputs)". */
  private static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', eq);
    return eq < 0 || paren < 0 ? node.getNodeName() : label.substring(eq + 3, paren);
  }

  private static void report(
      ModelSpec spec, int batch, Precision precision, int steps, double stepMs, Map<String, long[]> byType) {
    double gflops = ModelFlops.of(spec).training() * (double) batch / (stepMs * 1e6);
    System.out.printf(
        Locale.ROOT, "%s batch %d %s: %.2f ms per untraced step, %.0f GFLOP/s%n",
        spec.name(), batch, precision, stepMs, gflops);
    long total = byType.values().stream().mapToLong(v -> v[0]).sum();
    System.out.printf(Locale.ROOT, "%-28s %10s %7s %6s%n", "op type", "ms/step", "share", "ops");
    byType.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .limit(25)
        .forEach(e -> System.out.printf(
            Locale.ROOT, "%-28s %10.3f %6.1f%% %6d%n", e.getKey(), e.getValue()[0] / 1e3 / steps,
            100.0 * e.getValue()[0] / total, e.getValue()[1] / steps));
  }
}
