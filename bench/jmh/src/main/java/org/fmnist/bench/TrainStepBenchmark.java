package org.fmnist.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.LabeledImages;
import org.fmnist.model.Precision;
import org.fmnist.model.Presets;
import org.fmnist.train.Device;
import org.fmnist.train.EpochOrder;
import org.fmnist.train.TrainingGraph;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One optimizer step as the training loop runs it (shuffled real images, 2 TensorFlow threads):
 * what an epoch costs per step, and the yardstick for any change to the step loop. The {@code
 * baseline} model's step is so short that host-side costs (feeding, fetching) show.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "-Xmx2g")
public class TrainStepBenchmark {
  @Param({"baseline", "cnn"})
  public String model;

  @Param({"32", "256"})
  public int batch;

  @Param({"fp32", "bf16"})
  public String precision;

  private TrainingGraph graph;
  private LabeledImages train;
  private int[] order;
  private long step;

  @Setup
  public void setUp() {
    train = new DatasetLocator().load(null, false, line -> {}).train();
    order = EpochOrder.of(1, 1, train.size());
    graph =
        new TrainingGraph(
            Presets.get(model, 3), 1, Device.CPU.resolve(2), Precision.valueOf(precision.toUpperCase(Locale.ROOT)));
    graph.initialize();
  }

  /**
   * CPU time of the calling Java thread per step, in microseconds: the host-side share of a step
   * (gathering the batch, building tensors, JNI, the session call, reading the results), while
   * TensorFlow's own threads run the kernels. Unlike wall time it hardly moves when other processes
   * compete for the cores, so it can tell a step-loop change that saves microseconds.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CallerCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long nanos;
    private long steps;

    @Setup(Level.Iteration)
    public void reset() {
      nanos = 0;
      steps = 0;
    }

    public double callerCpuMicros() {
      return steps == 0 ? 0 : nanos / 1e3 / steps;
    }
  }

  @Benchmark
  public TrainingGraph.StepResult trainStep(CallerCpu cpu) {
    int from = (int) (step * batch % (train.size() - batch));
    long before = cpu.threads.getCurrentThreadCpuTime();
    TrainingGraph.StepResult result = graph.trainStep(train, order, from, batch, 1, step++, 1e-3f);
    cpu.nanos += cpu.threads.getCurrentThreadCpuTime() - before;
    cpu.steps++;
    return result;
  }

  @TearDown
  public void tearDown() {
    graph.close();
  }
}
