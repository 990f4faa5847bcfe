package org.fmnist.cli;

import java.util.concurrent.Callable;
import org.fmnist.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Print a model's layers, output shapes and parameter counts, like Keras's summary().")
final class SummaryCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Override
  public Integer call() {
    System.out.print(ModelSummary.of(model.spec()));
    return Fmnist.OK;
  }
}
