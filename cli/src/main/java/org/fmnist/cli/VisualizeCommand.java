package org.fmnist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fmnist.report.RunReport;
import org.fmnist.report.RunVisualizer;
import org.fmnist.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "visualize",
    mixinStandardHelpOptions = true,
    description =
        "Draw a trained run: first-layer filters, feature maps of one test image, confusion"
            + " matrix, per-class accuracy, misclassified test images and learning curves, all"
            + " gathered in report.html.")
final class VisualizeCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run folder made by fmnist train.")
  Path run;

  @Option(names = "--test-index", defaultValue = "0", paramLabel = "I", description = "Test image whose feature maps are drawn (default: ${DEFAULT-VALUE}).")
  int testIndex;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the run folder).")
  Path out;

  @Mixin DataOptions data;

  @Override
  public Integer call() {
    RunDirectory directory = RunDirectory.open(run);
    Path folder = out != null ? out : run;
    RunVisualizer.visualize(
        directory, data.load().test(), testIndex, folder, Runtime.getRuntime().availableProcessors());
    System.out.println("report: " + folder.resolve(RunReport.HTML));
    return Fmnist.OK;
  }
}
