package org.fmnist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fmnist.export.ExportResult;
import org.fmnist.export.ModelExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "export",
    description = {
      "Export a run's final weights as a TensorFlow Serving SavedModel and an ONNX model, with"
          + " their provenance, into saved_models/<name>/<version>/.",
      "The version folder appears only when complete; an existing version is never overwritten."
    })
final class ExportCommand implements Callable<Integer> {
  // not mixinStandardHelpOptions: its -V/--version would take the place of the model's --version,
  // and --help would not be seen as a help request (it asked for the required --run instead)
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run folder made by fmnist train.")
  Path run;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Model name, the folder under --saved-models (default: fashion_<model>, e.g. fashion_cnn_k3).")
  String name;

  @Option(
      names = "--version",
      paramLabel = "N",
      description = "Version number (default: one more than the highest present, 1 for a new model).")
  Long version;

  @Mixin ExportTargetOptions target;

  @Override
  public Integer call() {
    ExportResult result = new ModelExporter().export(target.request(run, name, version));
    System.out.println(Exports.describe(result));
    return Fmnist.OK;
  }
}
