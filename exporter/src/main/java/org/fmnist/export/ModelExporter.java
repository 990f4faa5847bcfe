package org.fmnist.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fmnist.io.Json;

/**
 * {@code fmnist export}: turns a finished run into {@code saved_models/<name>/<version>/} holding a
 * TensorFlow Serving SavedModel, {@code model.onnx} and {@code fmnist.json} (the provenance), all
 * from one inference-only graph restored from the run's final checkpoint, published atomically.
 */
public final class ModelExporter {
  /** Called after each artifact is written into the staging folder (a seam for failure tests). */
  interface ArtifactListener {
    void written(String artifact, Path stagingFolder) throws IOException;
  }

  private final ArtifactListener listener;

  public ModelExporter() {
    this((artifact, folder) -> {});
  }

  ModelExporter(ArtifactListener listener) {
    this.listener = listener;
  }

  /**
   * Exports a run. The run, the name, the formats and an explicit version are checked before
   * anything is written. Bad input and failed writes throw IllegalArgumentException,
   * IllegalStateException or UncheckedIOException with a one-line message, and leave nothing
   * behind.
   */
  public ExportResult export(ExportRequest request) {
    TrainedRun run = TrainedRun.open(request.run());
    String name = request.name() != null ? request.name() : ExportRequest.defaultName(run.spec());
    ModelBasePath base = new ModelBasePath(request.savedModels().resolve(name));
    request.version().ifPresent(base::requireAbsent);
    List<String> artifacts = artifacts(request);
    try (InferenceModel model = InferenceModel.restore(run.spec(), run.checkpoint())) {
      long version =
          base.publish(
              request.version(),
              (folder, v) -> {
                Provenance provenance =
                    Provenance.of(run, name, v, Instant.now(), SoftwareVersions.current(), artifacts);
                if (request.formats().contains(ExportFormat.SAVEDMODEL)) {
                  SavedModelWriter.write(model, folder);
                  listener.written(SavedModelWriter.GRAPH_FILE, folder);
                }
                if (request.formats().contains(ExportFormat.ONNX)) {
                  OnnxWriter.write(model, provenance, folder);
                  listener.written(OnnxWriter.FILE, folder);
                }
                Json.writeAtomically(folder.resolve(Provenance.FILE), provenance);
                listener.written(Provenance.FILE, folder);
              });
      return new ExportResult(base.versionFolder(version), version, artifacts);
    }
  }

  private static List<String> artifacts(ExportRequest request) {
    List<String> artifacts = new ArrayList<>();
    if (request.formats().contains(ExportFormat.SAVEDMODEL)) {
      artifacts.add(SavedModelWriter.GRAPH_FILE);
      artifacts.add(SavedModelWriter.VARIABLES_DIR + "/");
    }
    if (request.formats().contains(ExportFormat.ONNX)) {
      artifacts.add(OnnxWriter.FILE);
    }
    artifacts.add(Provenance.FILE);
    return artifacts;
  }
}
