package org.fmnist.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fmnist.data.FashionMnist;
import org.fmnist.model.Precision;
import org.fmnist.report.RunReport;
import org.fmnist.train.Augmentation;
import org.fmnist.train.CpuFeatures;
import org.fmnist.train.Device;
import org.fmnist.train.ProgressLine;
import org.fmnist.train.Recipe;
import org.fmnist.train.Regularization;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RuntimeSettings;
import org.fmnist.train.TestCurve;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a model on Fashion-MNIST, evaluate it on the test set, keep it all in a run folder.")
final class TrainCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  @Option(
      names = "--recipe",
      defaultValue = "standard",
      converter = EnumOption.RecipeOption.class,
      paramLabel = "NAME",
      description =
          "Defaults for the model and the options below: standard (Keras: cnn, 10 epochs, batch"
              + " 32, Adam 1e-3, constant rate, fp32, --validation-split 0.1), fast (the speedrun:"
              + " cnn-bn-strided, 3 epochs, batch 256, Adam peak 5e-3, 0.3 warm-up epochs, cosine"
              + " decay), balanced (vgg-bn, 6 epochs, batch 256, peak 4e-3, 0.3 warm-up epochs,"
              + " cosine, --label-smoothing 0.1) or best (vgg-bn, 30 epochs, batch 128, peak 2e-3, 1 warm-up epoch, cosine,"
              + " --augment shift:2,flip, --label-smoothing 0.1, --weight-decay 0.004); fast,"
              + " balanced and best train on all 60,000 images (--validation-split 0) and use bf16"
              + " on CPUs with AMX or AVX512-BF16. Default: standard.")
  Recipe recipe;

  @Option(names = "--epochs", paramLabel = "N", description = "Default: the recipe's (10).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Default: the recipe's (32).")
  Integer batchSize;

  @Option(
      names = "--learning-rate",
      paramLabel = "RATE",
      description = "Adam's learning rate, the peak one with a warm-up or decay (default: the recipe's, 0.001).")
  Double learningRate;

  @Option(
      names = "--warmup-epochs",
      paramLabel = "E",
      description = "Raise the learning rate linearly from 0 over the first E epochs (default: the recipe's, 0).")
  Double warmupEpochs;

  @Option(
      names = "--lr-schedule",
      converter = EnumOption.ScheduleOption.class,
      paramLabel = "NAME",
      description = "constant or cosine (decay to 0 by the last epoch, after any warm-up). Default: the recipe's (constant).")
  Schedule lrSchedule;

  @Option(
      names = "--precision",
      converter = EnumOption.PrecisionOption.class,
      paramLabel = "TYPE",
      description =
          "fp32 or bf16: bf16 computes convolutions and matrix products in bfloat16 with fp32"
              + " weights and optimizer (default: the recipe's, fp32).")
  Precision precision;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      description =
          "Augment the training images: shift:PIXELS (random translation), flip (left-right, p 0.5),"
              + " erase:P[:SIZE] (blank a SIZE square, default 10, with probability P), comma-separated,"
              + " or none (default: the recipe's).")
  String augment;

  @Option(
      names = "--label-smoothing",
      paramLabel = "E",
      description = "Train on the target (1-E)*one-hot + E/10, as Keras's label_smoothing (default: the recipe's).")
  Double labelSmoothing;

  @Option(
      names = "--weight-decay",
      paramLabel = "L",
      description = "Decoupled weight decay (AdamW, Keras's weight_decay): w -= lr*L*w before each update (default: the recipe's).")
  Double weightDecay;

  @Option(
      names = "--target-accuracy",
      defaultValue = "0",
      paramLabel = "A",
      description = "Stop after the first epoch whose val_accuracy reaches A, e.g. 0.91 (0: off).")
  double targetAccuracy;

  @Option(
      names = "--test-every-epoch",
      description = "Also evaluate the test set after each epoch (outside its timing) into test_curve.csv; training never looks at it.")
  boolean testEveryEpoch;

  @Option(
      names = "--validation-split",
      paramLabel = "F",
      description = "Last fraction of the training set held out for validation, as Keras does (default: the recipe's, 0.1).")
  Double validationSplit;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seeds initial weights, data order and dropout (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N", description = "Use only the first N training images (0: all).")
  int limitTrain;

  @Option(
      names = "--early-stopping-patience",
      defaultValue = "0",
      paramLabel = "N",
      description = "Stop after N epochs without a lower val_loss and restore the best weights (0: off).")
  int patience;

  @Option(names = "--device", defaultValue = "cpu", converter = EnumOption.DeviceOption.class, description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
  Device device;

  @Option(names = "--threads", paramLabel = "N", description = "TensorFlow intra-/inter-op threads (default: the number of cores).")
  Integer threads;

  @Option(names = "--run-dir", paramLabel = "DIR", description = "Run folder, holding no run yet (default: runs/<model>-<timestamp>/).")
  Path runDir;

  @Mixin TrainExportOptions export;

  @Mixin TensorBoardCliOptions tensorBoard;

  @Spec CommandSpec command;

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last checkpoint, with its own config (--device and --threads may differ; default: the run's).")
  Path resume;

  @Option(names = "--no-plots", description = "Skip the learning curves, confusion matrix and report.html in the run folder.")
  boolean noPlots;

  @Override
  public Integer call() {
    Trainer trainer;
    RunDirectory run;
    FashionMnist dataset;
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(new ProgressLine(System.err, System.console() != null));
    if (resume != null) {
      refuseRecipeOptionsOnResume();
      run = RunDirectory.open(resume);
      export.check(run.path());
      dataset = data.load();
      addTestCurve(listeners, dataset, run);
      listeners.addAll(tensorBoard.listeners(run));
      trainer = Trainer.resuming(run, runtimeGiven() ? runtime() : null, listeners, Logs::info);
    } else {
      TrainingConfig config = config();
      run = runDir != null ? new RunDirectory(runDir) : RunDirectory.createDefault(Path.of("runs"), config.modelSpec().name());
      export.check(run.path());
      dataset = data.load();
      addTestCurve(listeners, dataset, run);
      listeners.addAll(tensorBoard.listeners());
      trainer = new Trainer(config, runtime(), run, listeners, Logs::info);
    }
    Trainer.Result result = trainer.fit(dataset, resume != null);
    System.out.print(result.test().format());
    export.exportIfRequested();
    System.out.println("run: " + run.path());
    if (!noPlots) {
      RunReport.afterTraining(run);
      System.out.println("report: " + run.path().resolve(RunReport.HTML));
    }
    return Fmnist.OK;
  }

  private void addTestCurve(List<TrainingListener> listeners, FashionMnist dataset, RunDirectory run) {
    if (testEveryEpoch) {
      listeners.add(new TestCurve(dataset.test(), run, Logs::info));
    }
  }

  /** A resumed run keeps the config it was started with; an option that would change it is an error. */
  private void refuseRecipeOptionsOnResume() {
    List<String> changed =
        command.commandLine().getParseResult().matchedOptions().stream()
            .filter(o -> !RESUME_OPTIONS.contains(o.longestName()))
            .map(OptionSpec::longestName)
            .toList();
    if (!changed.isEmpty()) {
      throw new ParameterException(
          command.commandLine(),
          "--resume continues the run with the config it was started with: drop "
              + String.join(", ", changed));
    }
  }

  /** What may accompany --resume: where the data is, how to compute, what to do besides training. */
  private static final Set<String> RESUME_OPTIONS = resumeOptions();

  private static Set<String> resumeOptions() {
    Set<String> names =
        new HashSet<>(
            Set.of(
                "--resume", "--data-dir", "--download", "--no-plots", "--test-every-epoch",
                "--export", "--format", "--saved-models", "--verbose", "--device", "--threads"));
    names.addAll(TensorBoardCliOptions.NAMES);
    return Set.copyOf(names);
  }

  private boolean runtimeGiven() {
    var parsed = command.commandLine().getParseResult();
    return parsed.hasMatchedOption("--device") || parsed.hasMatchedOption("--threads");
  }

  private RuntimeSettings runtime() {
    return new RuntimeSettings(device, threads != null ? threads : Runtime.getRuntime().availableProcessors());
  }

  private TrainingConfig config() {
    Recipe.Defaults defaults = recipe.defaults(CpuFeatures.detect(), device);
    TrainingConfig.Builder config =
        model
            .applyTo(TrainingConfig.builder(), defaults.model())
            .epochs(epochs != null ? epochs : defaults.epochs())
            .batchSize(batchSize != null ? batchSize : defaults.batchSize())
            .learningRate(learningRate != null ? learningRate : defaults.learningRate())
            .validationSplit(validationSplit != null ? validationSplit : defaults.validationSplit())
            .seed(seed)
            .limitTrain(limitTrain)
            .earlyStoppingPatience(patience)
            .precision(precision != null ? precision : defaults.precision())
            .warmupEpochs(warmupEpochs != null ? warmupEpochs : defaults.warmupEpochs())
            .cosineDecay(lrSchedule != null ? lrSchedule == Schedule.COSINE : defaults.cosineDecay())
            .targetAccuracy(targetAccuracy)
            .regularization(regularization(defaults.regularization()));
    return config.build();
  }

  private Regularization regularization(Regularization defaults) {
    return new Regularization(
        augment != null ? Augmentation.parse(augment) : defaults.augmentation(),
        labelSmoothing != null ? labelSmoothing : defaults.labelSmoothing(),
        weightDecay != null ? weightDecay : defaults.weightDecay());
  }

  /** The values of --lr-schedule. */
  enum Schedule {
    CONSTANT,
    COSINE
  }
}
