package org.fmnist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fmnist.train.Evaluation;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RunEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a run's final weights on the test set: loss, accuracy, per-class accuracy, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run folder made by fmnist train.")
  Path run;

  @Mixin DataOptions data;

  @Override
  public Integer call() {
    RunDirectory directory = RunDirectory.open(run);
    Evaluation evaluation =
        RunEvaluation.evaluate(directory, data.load().test(), Runtime.getRuntime().availableProcessors());
    System.out.print(evaluation.format());
    return Fmnist.OK;
  }
}
