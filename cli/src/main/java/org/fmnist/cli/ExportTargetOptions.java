package org.fmnist.cli;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import org.fmnist.export.ExportFormat;
import org.fmnist.export.ExportRequest;
import picocli.CommandLine.Option;

/** Where and in which formats a run is exported; shared by export and train --export. */
final class ExportTargetOptions {
  @Option(
      names = "--format",
      paramLabel = "LIST",
      defaultValue = ExportFormat.ALL,
      description =
          "Artifacts to export, comma-separated: savedmodel, onnx, sagemaker (model.tar.gz beside the version"
              + " folder, for Amazon SageMaker; implies the SavedModel) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--saved-models",
      paramLabel = "DIR",
      defaultValue = "saved_models",
      description = "TensorFlow Serving base folder: versions go to DIR/<name>/<version>/ (default: ${DEFAULT-VALUE}).")
  Path savedModels;

  /** The request, checked (name, version, formats) before any work is done. */
  ExportRequest request(Path run, String name, Long version) {
    Set<ExportFormat> formats = ExportFormat.parse(format);
    OptionalLong v = version == null ? OptionalLong.empty() : OptionalLong.of(version);
    return new ExportRequest(run, savedModels, name, v, formats);
  }
}
