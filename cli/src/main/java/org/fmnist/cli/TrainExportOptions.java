package org.fmnist.cli;

import java.nio.file.Path;
import org.fmnist.export.ExportRequest;
import org.fmnist.export.ModelExporter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fmnist train --export[=NAME]}: export the finished run as {@code fmnist export} does. */
final class TrainExportOptions {
  @Option(
      names = "--export",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "NAME",
      description =
          "After training, export the run into --saved-models/NAME/<next version>/ as fmnist export"
              + " does (NAME default: fashion_<model>, e.g. fashion_cnn_k3).")
  String name;

  @Mixin ExportTargetOptions target;

  private ExportRequest request;

  /** Checks the export options before training, so that a typo does not cost a training run. */
  void check(Path run) {
    if (name != null) {
      request = target.request(run, name.isEmpty() ? null : name, null);
    }
  }

  /** Exports the finished run when --export was given, and says where to. */
  void exportIfRequested() {
    if (request != null) {
      System.out.println(Exports.describe(new ModelExporter().export(request)));
    }
  }
}
