package org.fmnist.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;
import org.fmnist.io.AtomicFiles;
import org.fmnist.tensorboard.TensorBoardLogger;
import org.fmnist.tensorboard.TensorBoardOptions;
import org.fmnist.train.Evaluation;
import org.fmnist.train.History;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RuntimeSettings;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingGraph;
import org.fmnist.train.TrainingListener;
import org.fmnist.train.TrainingState;

/**
 * The TensorBoard logs' share of real training: trains {@code MODEL} on the full data for {@code
 * EPOCHS} epochs (batch 32, 2 TensorFlow threads) {@code REPEATS} times with the TensorBoard
 * listener (the given update and histogram frequencies) and as many times without, interleaved,
 * and prints per epoch the wall time spent inside the listener next to the epoch's time, and the
 * median epoch time with and without logs.
 *
 * <pre>java -cp bench/jmh/target/fmnist-bench.jar org.fmnist.bench.TensorBoardCost MODEL EPOCHS REPEATS [UPDATE_FREQ [HISTOGRAM_FREQ]]</pre>
 */
public final class TensorBoardCost {
  private TensorBoardCost() {}

  public static void main(String[] args) throws IOException {
    String model = args[0];
    int epochs = Integer.parseInt(args[1]);
    int repeats = Integer.parseInt(args[2]);
    TensorBoardOptions options =
        new TensorBoardOptions(
            args.length > 3 ? Integer.parseInt(args[3]) : TensorBoardOptions.DEFAULTS.updateFrequency(),
            args.length > 4 ? Integer.parseInt(args[4]) : TensorBoardOptions.DEFAULTS.histogramFrequency());
    FashionMnist data = new DatasetLocator().load(null, false, line -> {});
    TrainingConfig config = TrainingConfig.builder().model(model).epochs(epochs).build();
    List<Double> with = new ArrayList<>();
    List<Double> without = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    System.out.printf(Locale.ROOT, "model %s, %d epochs x %d repeats, %s%n", model, epochs, repeats, options);
    for (int r = 0; r < repeats; r++) {
      Timed logger = new Timed(new TensorBoardLogger(options));
      for (History.Epoch e : train(data, config, List.of(logger))) {
        double inside = logger.secondsOf(e.epoch());
        with.add(e.seconds());
        shares.add(inside / e.seconds());
        System.out.printf(
            Locale.ROOT, "with logs    repeat %d epoch %d: epoch %.3f s, inside the logger %.4f s (%.2f %%)%n",
            r + 1, e.epoch(), e.seconds(), inside, 100 * inside / e.seconds());
      }
      for (History.Epoch e : train(data, config, List.of())) {
        without.add(e.seconds());
        System.out.printf(
            Locale.ROOT, "without logs repeat %d epoch %d: epoch %.3f s%n", r + 1, e.epoch(), e.seconds());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "median share of an epoch inside the logger: %.2f %% (max %.2f %%); median epoch %.3f s with"
            + " logs, %.3f s without (ratio %.3f)%n",
        100 * median(shares), 100 * shares.stream().mapToDouble(d -> d).max().orElse(0), median(with),
        median(without), median(with) / median(without));
  }

  private static List<History.Epoch> train(
      FashionMnist data, TrainingConfig config, List<TrainingListener> listeners) throws IOException {
    Path folder = Files.createTempDirectory("fmnist-tensorboard-cost");
    try {
      return new Trainer(config, RuntimeSettings.cpu(2), new RunDirectory(folder.resolve("run")), listeners, line -> {})
          .fit(data, false)
          .history()
          .epochs();
    } finally {
      AtomicFiles.deleteQuietly(folder);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * A listener's wall time per epoch: its batch callbacks (inside the epoch's timing) and its
   * epoch-end callback (after it, before the next epoch).
   */
  private static final class Timed implements TrainingListener {
    private final TrainingListener inner;
    private final List<Long> nanosPerEpoch = new ArrayList<>();
    private int epoch;

    Timed(TrainingListener inner) {
      this.inner = inner;
    }

    double secondsOf(int epochNumber) {
      return nanosPerEpoch.get(epochNumber - 1) / 1e9;
    }

    private void add(long start) {
      nanosPerEpoch.set(epoch - 1, nanosPerEpoch.get(epoch - 1) + System.nanoTime() - start);
    }

    @Override
    public void onTrainingBegin(TrainingGraph graph, RunDirectory run, TrainingState state) {
      inner.onTrainingBegin(graph, run, state);
    }

    @Override
    public void onEpochBegin(int epoch, int epochs, int steps) {
      this.epoch = epoch;
      nanosPerEpoch.add(0L);
      long start = System.nanoTime();
      inner.onEpochBegin(epoch, epochs, steps);
      add(start);
    }

    @Override
    public void onBatchEnd(int step, int steps, double loss, double accuracy) {
      long start = System.nanoTime();
      inner.onBatchEnd(step, steps, loss, accuracy);
      add(start);
    }

    @Override
    public void onEpochEnd(History.Epoch record, TrainingState state) {
      long start = System.nanoTime();
      inner.onEpochEnd(record, state);
      add(start);
    }

    @Override
    public void onTrainingEnd(Evaluation test) {
      inner.onTrainingEnd(test);
    }

    @Override
    public void onTrainingFinished() {
      inner.onTrainingFinished();
    }
  }
}
