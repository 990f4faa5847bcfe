package org.fmnist.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fmnist.errors.BadOptionException;
import org.fmnist.experiment.ExperimentRecipe;
import org.fmnist.experiment.ExperimentReport;
import org.fmnist.experiment.ExperimentResults;
import org.fmnist.experiment.KernelSizeExperiment;
import org.fmnist.experiment.RunOutcome;
import org.fmnist.experiment.Shard;
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

    @Option(
        names = "--shard",
        paramLabel = "I/N",
        description =
            "Train only shard I of N (I from 0: runs I, I+N, I+2N, ... of the plan) and write no"
                + " report; shards may share --out. Build the report with --merge.")
    String shard;

    @Option(names = "--merge", description = "Train nothing: build the report from every finished run in --out.")
    boolean merge;

    @Mixin DataOptions data;

    @Mixin TensorBoardCliOptions tensorBoard;

    @Override
    public Integer call() {
      if (merge && shard != null) {
        throw new BadOptionException("give {shard} or {merge}, not both");
      }
      Shard share = shard != null ? Shard.parse(shard) : null;
      ExperimentRecipe recipe =
          new ExperimentRecipe(epochs, limitTrain, threads != null ? threads : Runtime.getRuntime().availableProcessors());
      KernelSizeExperiment experiment =
          new KernelSizeExperiment(kernels, seeds, withBaseline, recipe, out);
      if (share != null) {
        List<RunOutcome> done = experiment.train(share, data.load(), listeners(), Logs::info);
        System.out.println(
            "shard " + share + ": " + done.size() + " runs finished in " + out.resolve(KernelSizeExperiment.RUNS)
                + "; build the report with --merge");
        return Fmnist.OK;
      }
      ExperimentResults results =
          merge ? experiment.merge(Logs::info) : experiment.run(data.load(), listeners(), Logs::info);
      System.out.print(results.table().toMarkdown());
      System.out.println("report: " + out.resolve(ExperimentReport.HTML));
      return Fmnist.OK;
    }

    private List<TrainingListener> listeners() {
      List<TrainingListener> listeners = new ArrayList<>();
      listeners.add(new ProgressLine(System.err, System.console() != null));
      listeners.addAll(tensorBoard.listeners());
      return listeners;
    }
  }
}
