package org.fmnist.tensorboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fmnist.io.Json;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.Weight;
import org.fmnist.train.Evaluation;
import org.fmnist.train.History;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.TrainingGraph;
import org.fmnist.train.TrainingListener;
import org.fmnist.train.TrainingState;

/**
 * Keras's {@code TensorBoard} callback: event files in {@code RUN/logs/train/} and {@code
 * RUN/logs/validation/} with Keras's tags, so dashboards made for Keras runs work.
 *
 * <ul>
 *   <li>per epoch, at step {@code epoch - 1} (Keras counts epochs from 0): {@code epoch_loss},
 *       {@code epoch_accuracy} (train and validation) and {@code epoch_learning_rate} (train: the
 *       rate of the epoch's last step, as {@code history.csv});
 *   <li>with an update frequency N, {@code batch_loss} and {@code batch_accuracy} (the epoch's
 *       running means, as Keras logs them) every N optimizer steps, at the global step number;
 *   <li>every {@code histogramFrequency} epochs, a histogram of every weight ({@code
 *       conv2d/kernel/histogram}, ...) and the first layer's filters as one picture ({@code
 *       conv2d/kernel/image});
 *   <li>at the end, the test set's {@code epoch_loss} and {@code epoch_accuracy} in {@code
 *       RUN/logs/test/} at the last epoch's step.
 * </ul>
 *
 * Epoch summaries are written after the epoch's checkpoint is on disk and batch summaries are
 * flushed before it, and a writer skips what the folder already holds: after a kill and a resume
 * the steps stay continuous and unique. The options are kept in {@code RUN/logs/tensorboard.json}
 * (see {@link #savedOptions}). One logger serves several runs in turn (the kernel-size
 * experiment); its files are closed when each run ends.
 */
public final class TensorBoardLogger implements TrainingListener {
  public static final String LOGS = "logs";

  private final TensorBoardOptions options;
  private RunDirectory run;
  private TrainingGraph graph;
  private ModelSpec spec;
  private SummaryFileWriter train;
  private SummaryFileWriter validation;
  private int epoch;
  private int epochsDone;

  public TensorBoardLogger(TensorBoardOptions options) {
    this.options = options;
  }

  /** The folder holding a run's {@code train/}, {@code validation/} and {@code test/} logs. */
  public static Path logs(RunDirectory run) {
    return run.path().resolve(LOGS);
  }

  /** The options the run's logs were started with, so that a resume can keep them. */
  public static Optional<TensorBoardOptions> savedOptions(RunDirectory run) {
    Path saved = optionsFile(run);
    return Files.isRegularFile(saved)
        ? Optional.of(Json.read(saved, TensorBoardOptions.class))
        : Optional.empty();
  }

  private static Path optionsFile(RunDirectory run) {
    return logs(run).resolve("tensorboard.json");
  }

  @Override
  public void onTrainingBegin(TrainingGraph graph, RunDirectory run, TrainingState state) {
    this.run = run;
    this.graph = graph;
    this.spec = run.readConfig().modelSpec();
    this.train = SummaryFileWriter.open(logs(run).resolve("train"));
    Json.writeAtomically(optionsFile(run), options);
    this.epochsDone = state.epochsDone();
    // A kill between an epoch's checkpoint and its summaries leaves them to write now; the
    // restored weights are the last checkpointed epoch's.
    for (History.Epoch e : state.history().epochs()) {
      writeEpoch(e);
    }
    if (epochsDone > 0 && isHistogramEpoch(epochsDone)) {
      writeWeights(epochsDone - 1);
    }
    flush();
  }

  @Override
  public void onEpochBegin(int epoch, int epochs, int steps) {
    this.epoch = epoch;
  }

  @Override
  public void onBatchEnd(int step, int steps, double loss, double accuracy) {
    int every = options.updateFrequency();
    if (every == 0) {
      return;
    }
    long global = (long) (epoch - 1) * steps + step;
    if (global % every == 0) {
      train.scalars(global, scalars("batch_loss", loss, "batch_accuracy", accuracy));
    }
    if (step == steps) {
      train.flush(); // before the epoch's checkpoint: a resume never re-runs these steps
    }
  }

  @Override
  public void onEpochEnd(History.Epoch record, TrainingState state) {
    epochsDone = record.epoch();
    writeEpoch(record);
    if (isHistogramEpoch(record.epoch())) {
      writeWeights(record.epoch() - 1);
    }
    flush();
  }

  @Override
  public void onTrainingEnd(Evaluation test) {
    try (SummaryFileWriter writer = SummaryFileWriter.open(logs(run).resolve("test"))) {
      writer.scalars(
          epochsDone - 1, scalars("epoch_loss", test.loss(), "epoch_accuracy", test.accuracy()));
    }
  }

  @Override
  public void onTrainingFinished() {
    try {
      if (train != null) {
        train.close();
      }
    } finally {
      if (validation != null) {
        validation.close();
      }
      train = null;
      validation = null;
      graph = null;
    }
  }

  /** Whether a run's event files are open (between the start and the end of a run). */
  public boolean isOpen() {
    return train != null;
  }

  /** Keras logs weights when the 0-based epoch index is a multiple of the frequency. */
  private boolean isHistogramEpoch(int epochNumber) {
    int every = options.histogramFrequency();
    return every > 0 && (epochNumber - 1) % every == 0;
  }

  private void writeEpoch(History.Epoch e) {
    long step = e.epoch() - 1;
    Map<String, Double> trained = scalars("epoch_loss", e.loss(), "epoch_accuracy", e.accuracy());
    trained.put("epoch_learning_rate", e.learningRate());
    train.scalars(step, trained);
    if (!Double.isNaN(e.valLoss())) {
      validation().scalars(step, scalars("epoch_loss", e.valLoss(), "epoch_accuracy", e.valAccuracy()));
    }
  }

  /** Loss and accuracy under their tags, in that order. */
  private static Map<String, Double> scalars(String loss, double lossValue, String accuracy, double accuracyValue) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(loss, lossValue);
    values.put(accuracy, accuracyValue);
    return values;
  }

  private SummaryFileWriter validation() {
    if (validation == null) {
      validation = SummaryFileWriter.open(logs(run).resolve("validation"));
    }
    return validation;
  }

  private void writeWeights(long step) {
    for (Weight w : spec.weights()) {
      train.histogram(kerasPath(w) + "/histogram", step, graph.read(w.name()));
    }
    Optional<FilterGrid.Layout> filters = FilterGrid.layout(spec);
    if (filters.isPresent()) {
      Weight kernel = filters.get().kernel();
      train.image(kerasPath(kernel), step, FilterGrid.draw(filters.get(), graph.read(kernel.name())));
    }
  }

  /** Keras 3's {@code weight.path}: {@code conv2d/kernel}, {@code batch_normalization/moving_mean}. */
  private static String kerasPath(Weight w) {
    return w.layer() + "/" + w.role().name().toLowerCase(Locale.ROOT);
  }

  private void flush() {
    train.flush();
    if (validation != null) {
      validation.flush();
    }
  }
}
