package org.fmnist.train;

import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.fmnist.data.FashionMnist;
import org.fmnist.data.LabeledImages;
import org.fmnist.errors.BadOptionException;
import org.fmnist.errors.RunFolderException;
import org.fmnist.io.AtomicFiles;
import org.fmnist.io.Json;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.ModelSummary;

/**
 * Keras's {@code fit} then {@code evaluate}: trains a model from its {@link TrainingConfig} on the
 * training split, validates after each epoch, checkpoints every epoch into the run folder, stops
 * early when asked, restores the best weights, and evaluates on the test set.
 */
public final class Trainer {
  private final TrainingConfig config;
  private final RuntimeSettings runtime;
  private final RunDirectory run;
  private final List<TrainingListener> listeners;
  private final LearningRateSchedule schedule;
  private final Consumer<String> log;

  /** Trains with the learning-rate schedule the config describes. */
  public Trainer(
      TrainingConfig config,
      RuntimeSettings runtime,
      RunDirectory run,
      List<TrainingListener> listeners,
      Consumer<String> log) {
    this(config, runtime, run, listeners, null, log);
  }

  /** Trains with {@code schedule} instead of the config's (null: the config's). */
  public Trainer(
      TrainingConfig config,
      RuntimeSettings runtime,
      RunDirectory run,
      List<TrainingListener> listeners,
      LearningRateSchedule schedule,
      Consumer<String> log) {
    this.config = config;
    this.runtime = runtime;
    this.run = run;
    this.listeners = List.copyOf(listeners);
    this.schedule = schedule;
    this.log = log;
  }

  /**
   * A trainer that continues {@code run} with the config it was started with; {@code runtime} null:
   * the device and threads it was started with too.
   */
  public static Trainer resuming(
      RunDirectory run,
      RuntimeSettings runtime,
      List<TrainingListener> listeners,
      Consumer<String> log) {
    ConfigFile file = run.readConfigFile();
    return new Trainer(
        file.training(), runtime != null ? runtime : file.runtime(), run, listeners, null, log);
  }

  /** What a finished run returns; the same facts are in the run folder. */
  public record Result(RunDirectory run, History history, Evaluation test, boolean stoppedEarly) {}

  /**
   * Trains from scratch into a folder that holds no run yet, or from the run's last checkpoint when
   * {@code resume} is set.
   */
  public Result fit(FashionMnist data, boolean resume) {
    requireRunFolderFor(resume);
    ModelSpec spec = config.modelSpec();
    Device.Placement placement = runtime.device().resolve(runtime.threads());
    LabeledImages all =
        config.limitTrain() > 0 ? data.train().first(config.limitTrain()) : data.train();
    ValidationSplit split = ValidationSplit.of(all, config.validationSplit());
    log.accept("Device: " + placement.describe() + ", " + config.precision().optionName());
    if (!config.regularization().equals(Regularization.NONE)) {
      log.accept("Regularization: " + config.regularization().describe());
    }
    log.accept(
        String.format(Locale.ROOT, 
            "Data: %d training, %d validation, %d test images from %s",
            split.train().size(), split.validation().size(), data.test().size(), data.source()));
    if (split.train().size() == 0) {
      throw new BadOptionException(
          "0 training images after the validation split (" + all.size() + " images, {validationSplit} "
              + config.validationSplit() + "): give more images or a smaller split");
    }

    run.create();
    try (RunLock lock = RunLock.acquire(run.path())) {
      requireRunFolderFor(resume); // again: another writer may have got in before the lock
      return train(data, resume, spec, placement, split);
    }
  }

  /** A fresh run needs a folder without a run; a resumed one a run of this config. */
  private void requireRunFolderFor(boolean resume) {
    if (resume) {
      requireSameConfig(run, config);
    } else if (Files.exists(run.config())) {
      throw new RunFolderException(
          run.path() + " already holds a run: resume it, or train into another folder");
    }
  }

  private Result train(
      FashionMnist data,
      boolean resume,
      ModelSpec spec,
      Device.Placement placement,
      ValidationSplit split) {
    if (!resume) {
      run.writeConfig(config, runtime);
    }
    AtomicFiles.writeString(run.summary(), ModelSummary.of(spec));
    Json.writeAtomically(run.dataset(), DatasetProvenance.of(data));

    int steps = (split.train().size() + config.batchSize() - 1) / config.batchSize();
    LearningRateSchedule rates =
        schedule != null ? schedule : config.learningRateSchedule(steps);
    try (TrainingGraph graph =
        new TrainingGraph(
            spec, config.seed(), placement, config.precision(), config.regularization())) {
      TrainingState state = start(graph, resume);
      for (TrainingListener l : listeners) {
        l.onTrainingBegin(graph, run, state);
      }
      EarlyStopping stopping = new EarlyStopping(config.earlyStoppingPatience());
      for (int epoch = state.epochsDone() + 1; epoch <= config.epochs() && !state.stoppedEarly(); epoch++) {
        History.Epoch record = trainEpoch(graph, split, epoch, rates);
        state = stopping.update(state, record);
        boolean targetReached = reachedTarget(record);
        if (targetReached) {
          state = state.stopped();
        }
        Checkpoints.write(graph, state, run.lastCheckpoint());
        if (config.earlyStoppingPatience() > 0 && stopping.improved(state, record)) {
          Checkpoints.write(graph, state, run.bestCheckpoint());
        }
        writeHistory(state.history());
        for (TrainingListener l : listeners) {
          l.onEpochEnd(record, state);
        }
        if (targetReached) {
          log.accept(
              String.format(
                  Locale.ROOT,
                  "Reached the target val_accuracy %.4f after epoch %d (%.4f): stopping",
                  config.targetAccuracy(), epoch, record.valAccuracy()));
        } else if (state.stoppedEarly()) {
          log.accept(
              "Early stopping after epoch " + epoch + ": best val_loss at epoch " + state.bestEpoch());
        }
      }
      if (run.finalCheckpoint().equals(run.bestCheckpoint())) {
        graph.restore(Checkpoints.variables(run.bestCheckpoint()));
        log.accept("Restored the weights of epoch " + state.bestEpoch() + " (best val_loss)");
      }
      Evaluation test = RunEvaluation.evaluateAndSave(graph.evaluator(), run, data.test());
      listeners.forEach(l -> l.onTrainingEnd(test));
      return new Result(run, state.history(), test, state.stoppedEarly());
    } finally {
      listeners.forEach(TrainingListener::onTrainingFinished);
    }
  }

  private boolean reachedTarget(History.Epoch record) {
    return config.targetAccuracy() > 0 && record.valAccuracy() >= config.targetAccuracy();
  }

  /**
   * A run folder holds one run: resuming it with another config than it started with (another
   * model, seed or hyper-parameter) is refused, whoever asks (the CLI, the experiment, a Java app).
   */
  public static void requireSameConfig(RunDirectory run, TrainingConfig requested) {
    TrainingConfig stored = run.readConfig();
    if (!stored.equals(requested)) {
      throw new RunFolderException(
          run.path() + " was trained with another recipe (" + ConfigDifference.describe(stored, requested)
              + "): train into another folder, or delete that one");
    }
  }

  private TrainingState start(TrainingGraph graph, boolean resume) {
    Checkpoints.recover(run.lastCheckpoint());
    Checkpoints.recover(run.bestCheckpoint());
    if (resume && Checkpoints.exists(run.lastCheckpoint())) {
      graph.restore(Checkpoints.variables(run.lastCheckpoint()));
      TrainingState state = Checkpoints.readState(run.lastCheckpoint());
      // the history committed with the checkpoint: a kill before history.csv/.json were renamed
      // would otherwise lose that epoch from them for good
      writeHistory(state.history());
      log.accept("Resuming " + run.path() + " after epoch " + state.epochsDone());
      return state;
    }
    if (resume) {
      log.accept("No checkpoint in " + run.path() + " yet: starting from epoch 1");
    }
    graph.initialize();
    return TrainingState.initial();
  }

  private History.Epoch trainEpoch(
      TrainingGraph graph, ValidationSplit split, int epoch, LearningRateSchedule rates) {
    LabeledImages train = split.train();
    int n = train.size();
    int batch = config.batchSize();
    int steps = (n + batch - 1) / batch;
    long firstStep = (long) (epoch - 1) * steps;
    listeners.forEach(l -> l.onEpochBegin(epoch, config.epochs(), steps));

    int[] order = EpochOrder.of(config.seed(), epoch, n);
    double lossSum = 0;
    long correct = 0;
    long start = System.nanoTime();
    double lr = 0;
    for (int step = 0; step < steps; step++) {
      int from = step * batch;
      int count = Math.min(batch, n - from);
      lr = rates.at(firstStep + step);
      TrainingGraph.StepResult r =
          graph.trainStep(train, order, from, count, config.seed(), firstStep + step, (float) lr);
      if (!Float.isFinite(r.loss())) {
        throw new TrainingDivergedException(
            String.format(
                Locale.ROOT,
                "the training loss became %s at epoch %d, step %d (learning rate %s): stopped; %s"
                    + " (try a lower learning rate)",
                r.loss(), epoch, step + 1, lr,
                epoch == 1 ? "no epoch had finished" : "the checkpoint of epoch " + (epoch - 1) + " is kept"));
      }
      lossSum += (double) r.loss() * count;
      correct += r.correct();
      int seen = from + count;
      double meanLoss = lossSum / seen;
      double accuracy = (double) correct / seen;
      int done = step + 1;
      listeners.forEach(l -> l.onBatchEnd(done, steps, meanLoss, accuracy));
    }
    double valLoss = Double.NaN;
    double valAccuracy = Double.NaN;
    if (split.validation().size() > 0) {
      Evaluation val = Evaluation.of(split.validation(), graph.evaluator().evaluate(split.validation(), false));
      valLoss = val.loss();
      valAccuracy = val.accuracy();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new History.Epoch(
        epoch, lossSum / n, (double) correct / n, valLoss, valAccuracy, seconds, lr);
  }

  private void writeHistory(History history) {
    AtomicFiles.writeString(run.historyCsv(), history.toCsv());
    Json.writeAtomically(run.historyJson(), history);
  }
}
