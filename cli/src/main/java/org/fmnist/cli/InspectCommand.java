package org.fmnist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fmnist.export.ExportInspection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Show an export: SavedModel tags, signatures (inputs, outputs, dtypes, shapes, method name),"
            + " variables, ops; the ONNX file's versions and inputs/outputs; the provenance.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "DIR",
      description = "A version folder (saved_models/<name>/<version>) or a model folder (its newest version).")
  Path dir;

  @Override
  public Integer call() {
    System.out.print(ExportInspection.describe(dir));
    return Fmnist.OK;
  }
}
