package org.fmnist.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.LabeledImages;
import org.fmnist.io.AtomicFiles;
import org.fmnist.io.Json;
import org.fmnist.tensorboard.TensorBoardLogger;
import org.fmnist.tensorboard.TensorBoardOptions;
import org.fmnist.train.Device;
import org.fmnist.train.EpochOrder;
import org.fmnist.train.History;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingGraph;
import org.fmnist.train.TrainingState;
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
 * What the TensorBoard logs add to training, side by side with the training step they ride on (the
 * same model, 2 TensorFlow threads, batch 32, in the same JVM): {@code epochEnd} is the per-epoch
 * work with the default options (five scalars, a histogram of every weight, the first layer's
 * filters, the flushes), {@code batchEnd} the per-step work with {@code --tensorboard-update-freq
 * batch} (two scalars), {@code trainStep} one optimizer step. Besides wall time each reports the
 * process's CPU time per call (all threads, TensorFlow's included), which other processes on the
 * machine hardly move. An epoch of the full data is 1,688 steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "-Xmx2g")
public class TensorBoardBenchmark {
  private static final int BATCH = 32;
  private static final int STEPS = 1688;

  @Param({"baseline", "cnn"})
  public String model;

  private Path folder;
  private TrainingGraph graph;
  private TensorBoardLogger logger;
  private LabeledImages train;
  private int[] order;
  private int epoch;
  private int step;
  private long trainSteps;

  @Setup
  public void setUp() throws IOException {
    train = new DatasetLocator().load(null, false, line -> {}).train();
    order = EpochOrder.of(1, 1, train.size());
    folder = Files.createTempDirectory("fmnist-tensorboard-bench");
    RunDirectory run = new RunDirectory(folder);
    TrainingConfig config = TrainingConfig.builder().model(model).build();
    Json.writeAtomically(run.config(), config);
    graph = new TrainingGraph(config.modelSpec(), 1, Device.CPU.resolve(2));
    graph.initialize();
    logger = new TensorBoardLogger(new TensorBoardOptions(1, 1));
    logger.onTrainingBegin(graph, run, TrainingState.initial());
    logger.onEpochBegin(1, 10, STEPS);
  }

  /** The process's CPU time per call, in microseconds. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class ProcessCpu {
    private final OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long nanos;
    private long calls;

    @Setup(Level.Iteration)
    public void reset() {
      nanos = 0;
      calls = 0;
    }

    public double processCpuMicros() {
      return calls == 0 ? 0 : nanos / 1e3 / calls;
    }

    long start() {
      return os.getProcessCpuTime();
    }

    void stop(long start) {
      nanos += os.getProcessCpuTime() - start;
      calls++;
    }
  }

  @Benchmark
  public void epochEnd(ProcessCpu cpu) {
    long start = cpu.start();
    epoch++;
    logger.onEpochEnd(
        new History.Epoch(epoch, 0.5, 0.8, 0.45, 0.82, 5.0, 1e-3), TrainingState.initial());
    cpu.stop(start);
  }

  @Benchmark
  public void batchEnd(ProcessCpu cpu) {
    long start = cpu.start();
    step = step % STEPS + 1;
    logger.onBatchEnd(step, STEPS, 0.5, 0.8);
    cpu.stop(start);
  }

  @Benchmark
  public TrainingGraph.StepResult trainStep(ProcessCpu cpu) {
    long start = cpu.start();
    int from = (int) (trainSteps * BATCH % (train.size() - BATCH));
    TrainingGraph.StepResult result =
        graph.trainStep(train, order, from, BATCH, 1, trainSteps++, 1e-3f);
    cpu.stop(start);
    return result;
  }

  @TearDown
  public void tearDown() {
    logger.onTrainingFinished();
    graph.close();
    AtomicFiles.deleteQuietly(folder);
  }
}
