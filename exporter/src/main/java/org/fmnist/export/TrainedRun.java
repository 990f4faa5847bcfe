package org.fmnist.export;

import org.fmnist.errors.RunFolderException;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fmnist.io.Json;
import org.fmnist.model.ModelSpec;
import org.fmnist.train.Checkpoints;
import org.fmnist.train.ConfigFile;
import org.fmnist.train.DatasetProvenance;
import org.fmnist.train.Evaluation;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingState;

/**
 * A finished run, checked to hold everything an export needs: its config (and so its model), the
 * checkpoint with its final weights, the dataset's provenance and the test metrics.
 */
record TrainedRun(
    RunDirectory directory,
    ConfigFile configFile,
    ModelSpec spec,
    Path checkpoint,
    TrainingState state,
    DatasetProvenance dataset,
    Evaluation testMetrics) {

  static TrainedRun open(Path path) {
    RunDirectory run = RunDirectory.open(path);
    ConfigFile config = readPart(run, run.config(), ConfigFile.class);
    ModelSpec spec = config.training().modelSpec();
    Path checkpoint = run.finalCheckpoint();
    TrainingState state = Checkpoints.readState(checkpoint);
    DatasetProvenance dataset = readPart(run, run.dataset(), DatasetProvenance.class);
    Evaluation test = readPart(run, run.testMetrics(), Evaluation.class);
    return new TrainedRun(run, config, spec, checkpoint, state, dataset, test);
  }

  TrainingConfig config() {
    return configFile.training();
  }

  private static <T> T readPart(RunDirectory run, Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      throw new RunFolderException(
          "run " + run.path() + " is incomplete: no " + file.getFileName()
              + " (finish it by resuming its training)");
    }
    try {
      return Json.read(file, type);
    } catch (UncheckedIOException e) {
      throw new RunFolderException(
          "run " + run.path() + " has an unreadable " + file.getFileName() + ": "
              + e.getCause().getMessage().lines().findFirst().orElse(""));
    }
  }
}
