package org.fmnist.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fmnist.experiment.ExperimentRecipe;
import org.fmnist.experiment.ExperimentReport;
import org.fmnist.experiment.ExperimentResults;
import org.fmnist.experiment.KernelSizeExperiment;
import org.fmnist.train.ProgressLine;
import org.fmnist.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Controlled experiments: several seeds per configuration, mean ± sd.",
    subcommands = {ExperimentCommand.KernelSize.class})
final class ExperimentCommand {

  @Command(
      name = "kernel-size",
      mixinStandardHelpOptions = true,
      description =
          "Train the cnn preset once per kernel size and seed with one fixed recipe (batch 32,"
              + " Adam 1e-3, validation split 0.1); re-running skips finished runs and continues"
              + " an interrupted one.")
  static final class KernelSize implements Callable<Integer> {
    @Option(names = "--kernels", split = ",", defaultValue = "3,5,7", paramLabel = "K,K,...", description = "Kernel sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> kernels;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds 1..N per configuration (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--with-baseline", description = "Also train the baseline MLP per seed, as a reference row.")
    boolean withBaseline;

    @Option(names = "--out", defaultValue = "reports/kernel-size", paramLabel = "DIR", description = "Output folder; its runs/ holds one run folder per model and seed (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N", description = "Use only the first N training images (0: all).")
    int limitTrain;

    @Option(names = "--threads", paramLabel = "N", description = "TensorFlow intra-/inter-op threads (default: the number of cores).")
    Integer threads;

    @Mixin DataOptions data;

    @Mixin TensorBoardCliOptions tensorBoard;

    @Override
    public Integer call() {
      ExperimentRecipe recipe =
          new ExperimentRecipe(epochs, limitTrain, threads != null ? threads : Runtime.getRuntime().availableProcessors());
      KernelSizeExperiment experiment =
          new KernelSizeExperiment(kernels, seeds, withBaseline, recipe, out);
      List<TrainingListener> listeners = new ArrayList<>();
      listeners.add(new ProgressLine(System.err, System.console() != null));
      listeners.addAll(tensorBoard.listeners());
      ExperimentResults results = experiment.run(data.load(), listeners, Logs::info);
      System.out.print(results.table().toMarkdown());
      System.out.println("report: " + out.resolve(ExperimentReport.HTML));
      return Fmnist.OK;
    }
  }
}
