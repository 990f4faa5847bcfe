package org.fmnist.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.fmnist.model.ModelFlops;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Print a model's layers, output shapes and parameter counts, like Keras's summary().")
final class SummaryCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(
      names = "--flops",
      description = "Also print the matrix-product FLOPs per image of inference and of a training step (see README).")
  boolean flops;

  @Override
  public Integer call() {
    ModelSpec spec = model.spec();
    System.out.print(ModelSummary.of(spec));
    if (flops) {
      ModelFlops f = ModelFlops.of(spec);
      System.out.printf(Locale.ROOT, "Forward FLOPs per image: %d%nTraining FLOPs per image: %d%n", f.forward(), f.training());
    }
    return Fmnist.OK;
  }
}
