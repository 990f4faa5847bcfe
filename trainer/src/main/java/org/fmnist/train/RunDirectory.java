package org.fmnist.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.fmnist.errors.IoErrors;
import org.fmnist.errors.RunFolderException;
import org.fmnist.io.Json;

/**
 * The folder a run leaves behind:
 *
 * <pre>
 *   config.json        the TrainingConfig and RuntimeSettings (a ConfigFile)
 *   dataset.json       where the data came from and the SHA-256 of each file's content
 *   summary.txt        the Keras-style model summary
 *   history.csv/.json  per-epoch metrics
 *   checkpoints/last/  weights + optimizer state + training state after the last finished epoch
 *   checkpoints/best/  weights of the best validation loss (with early stopping)
 *   test_metrics.json  loss, accuracy, per-class accuracy, confusion matrix on the test set
 *   confusion_matrix.csv
 *   test_curve.csv     test loss and accuracy after each epoch (with --test-every-epoch)
 * </pre>
 */
public record RunDirectory(Path path) {

  public static RunDirectory createDefault(Path runsRoot, String modelName) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path candidate = runsRoot.resolve(modelName + "-" + stamp);
    for (int i = 2; Files.exists(candidate); i++) {
      candidate = runsRoot.resolve(modelName + "-" + stamp + "-" + i);
    }
    return new RunDirectory(candidate);
  }

  /** An existing run, checked to hold at least its config. */
  public static RunDirectory open(Path path) {
    RunDirectory run = new RunDirectory(path);
    if (!Files.isDirectory(path)) {
      throw new RunFolderException("no run folder at " + path);
    }
    if (!Files.isRegularFile(run.config())) {
      throw new RunFolderException(
          path + " is not a run folder (no config.json): give a folder made by fmnist train");
    }
    return run;
  }

  public void create() {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run folder " + path + ": " + IoErrors.describe(e), e);
    }
  }

  public Path config() {
    return path.resolve("config.json");
  }

  /** What the run was trained with. */
  public TrainingConfig readConfig() {
    return readConfigFile().training();
  }

  /** The config and the runtime settings the run started with, as {@code config.json} holds them. */
  public ConfigFile readConfigFile() {
    try {
      return Json.read(config(), ConfigFile.class);
    } catch (UncheckedIOException e) {
      throw new RunFolderException(
          "run " + path + " has an unreadable config.json: "
              + e.getCause().getMessage().lines().findFirst().orElse(""), e);
    }
  }

  void writeConfig(TrainingConfig config, RuntimeSettings runtime) {
    Json.writeAtomically(config(), ConfigFile.of(config, runtime));
  }

  public Path dataset() {
    return path.resolve("dataset.json");
  }

  public Path summary() {
    return path.resolve("summary.txt");
  }

  public Path historyCsv() {
    return path.resolve("history.csv");
  }

  public Path historyJson() {
    return path.resolve("history.json");
  }

  public Path checkpoints() {
    return path.resolve("checkpoints");
  }

  public Path lastCheckpoint() {
    return checkpoints().resolve("last");
  }

  public Path bestCheckpoint() {
    return checkpoints().resolve("best");
  }

  /**
   * The checkpoint holding the run's final weights: the best epoch's when early stopping was on
   * (its weights are restored at the end, as Keras's restore_best_weights does), else the last.
   */
  public Path finalCheckpoint() {
    TrainingConfig config = readConfig();
    if (config.earlyStoppingPatience() > 0) {
      Optional<Path> best = Checkpoints.current(bestCheckpoint());
      if (best.isPresent()) {
        return best.get();
      }
    }
    return Checkpoints.current(lastCheckpoint())
        .orElseThrow(() -> new RunFolderException(
        "run " + path + " has no checkpoint yet (it stopped before its first epoch ended)"));
  }

  public Path testMetrics() {
    return path.resolve("test_metrics.json");
  }

  public Path testCurve() {
    return path.resolve("test_curve.csv");
  }

  public Path confusionCsv() {
    return path.resolve("confusion_matrix.csv");
  }
}
