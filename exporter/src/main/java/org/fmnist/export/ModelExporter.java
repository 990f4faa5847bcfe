package org.fmnist.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.fmnist.io.Json;

/**
 * {@code fmnist export}: turns a finished run into {@code saved_models/<name>/<version>/} holding a
 * TensorFlow Serving SavedModel, {@code model.onnx} and {@code fmnist.json} (the provenance), all
 * from one inference-only graph restored from the run's final checkpoint, published atomically;
 * optionally with SageMaker's {@code model.tar.gz} of that version beside the version folder.
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
    boolean sageMaker = request.formats().contains(ExportFormat.SAGEMAKER);
    AtomicReference<String> sha256 = new AtomicReference<>();
    try (InferenceModel model = InferenceModel.restore(run.spec(), run.checkpoint())) {
      long version =
          base.publish(
              request.version(),
              staging -> {
                Path folder = staging.folder();
                Provenance provenance =
                    Provenance.of(run, name, staging.version(), Instant.now(), SoftwareVersions.current(), artifacts);
                if (writesSavedModel(request)) {
                  SavedModelWriter.write(model, folder);
                  listener.written(SavedModelWriter.GRAPH_FILE, folder);
                }
                if (request.formats().contains(ExportFormat.ONNX)) {
                  OnnxWriter.write(model, provenance, folder);
                  listener.written(OnnxWriter.FILE, folder);
                }
                Json.writeAtomically(folder.resolve(Provenance.FILE), provenance);
                listener.written(Provenance.FILE, folder);
                if (sageMaker) {
                  sha256.set(SageMakerArchive.write(folder, staging.version(), staging.beside(SageMakerArchive.FILE)));
                  listener.written(SageMakerArchive.FILE, folder);
                }
              });
      Optional<ExportResult.Archive> archive =
          sageMaker
              ? Optional.of(new ExportResult.Archive(request.savedModels().resolve(name).resolve(SageMakerArchive.FILE), sha256.get()))
              : Optional.empty();
      return new ExportResult(base.versionFolder(version), version, artifacts, archive);
    }
  }

  /** The SageMaker archive is packed from the version folder's SavedModel. */
  private static boolean writesSavedModel(ExportRequest request) {
    return request.formats().contains(ExportFormat.SAVEDMODEL) || request.formats().contains(ExportFormat.SAGEMAKER);
  }

  private static List<String> artifacts(ExportRequest request) {
    List<String> artifacts = new ArrayList<>();
    if (writesSavedModel(request)) {
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
