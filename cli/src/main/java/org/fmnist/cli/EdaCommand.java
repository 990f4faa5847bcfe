package org.fmnist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fmnist.report.EdaReport;
import org.fmnist.train.Augmentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "eda",
    mixinStandardHelpOptions = true,
    description =
        "Explore the dataset: images per class and split, pixel statistics, samples, class"
            + " distribution and mean images, as tables, PNGs and one report.html.")
final class EdaCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--out", defaultValue = "reports/eda", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--augment",
      defaultValue = "shift:2,flip,erase:0.5",
      paramLabel = "SPEC",
      description = "Also draw this training augmentation (as train --augment) on a sample of each class; none: skip (default: ${DEFAULT-VALUE}).")
  String augment;

  @Override
  public Integer call() {
    EdaReport.Result result = EdaReport.write(data.load(), Augmentation.parse(augment), out);
    System.out.print(result.counts().toMarkdown());
    System.out.println();
    System.out.print(result.pixels().toMarkdown());
    System.out.println("report: " + out.resolve(EdaReport.HTML));
    return Fmnist.OK;
  }
}
