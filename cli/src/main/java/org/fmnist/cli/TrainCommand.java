package org.fmnist.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fmnist.data.FashionMnist;
import org.fmnist.train.Device;
import org.fmnist.train.LearningRateSchedule;
import org.fmnist.train.ProgressLine;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a model on Fashion-MNIST, evaluate it on the test set, keep it all in a run folder.")
final class TrainCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--validation-split",
      defaultValue = "0.1",
      description = "Last fraction of the training set held out for validation, as Keras does (default: ${DEFAULT-VALUE}).")
  double validationSplit;

  @Option(names = "--seed", defaultValue = "42", description = "Seeds initial weights, data order and dropout (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N", description = "Use only the first N training images (0: all).")
  int limitTrain;

  @Option(
      names = "--early-stopping-patience",
      defaultValue = "0",
      paramLabel = "N",
      description = "Stop after N epochs without a lower val_loss and restore the best weights (0: off).")
  int patience;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--threads", paramLabel = "N", description = "TensorFlow intra-/inter-op threads (default: the number of cores).")
  Integer threads;

  @Option(names = "--run-dir", paramLabel = "DIR", description = "Run folder (default: runs/<model>-<timestamp>/).")
  Path runDir;

  @Mixin TrainExportOptions export;

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last checkpoint, with its own config.")
  Path resume;

  @Override
  public Integer call() {
    TrainingConfig config;
    RunDirectory run;
    if (resume != null) {
      run = RunDirectory.open(resume);
      config = run.readConfig();
    } else {
      config = config();
      run = runDir != null ? new RunDirectory(runDir) : RunDirectory.createDefault(Path.of("runs"), config.modelSpec().name());
    }
    export.check(run.path());
    FashionMnist dataset = data.load();
    Trainer trainer =
        new Trainer(
            config,
            run,
            List.of(new ProgressLine(System.err, System.console() != null)),
            LearningRateSchedule.constant(config.learningRate()),
            Logs::info);
    Trainer.Result result = trainer.fit(dataset, resume != null);
    System.out.print(result.test().format());
    export.exportIfRequested();
    System.out.println("run: " + run.path());
    return Fmnist.OK;
  }

  private TrainingConfig config() {
    return new TrainingConfig(
        model.presetName(),
        model.spec,
        model.kernelSize,
        epochs,
        batchSize,
        learningRate,
        validationSplit,
        seed,
        limitTrain,
        patience,
        Devices.parse(device),
        threads != null ? threads : Runtime.getRuntime().availableProcessors());
  }
}
