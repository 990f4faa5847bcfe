package org.fmnist.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fmnist.model.ModelFlops;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.ModelSummary;
import org.fmnist.report.ModelDiagram;
import org.fmnist.report.Png;
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
      names = "--plot",
      paramLabel = "FILE.png",
      description = "Also draw the layer stack into FILE.png, like Keras's plot_model(show_shapes=True).")
  Path plot;

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
    if (plot != null) {
      Png.write(plot, ModelDiagram.draw(spec));
      System.out.println("diagram: " + plot);
    }
    return Fmnist.OK;
  }
}
