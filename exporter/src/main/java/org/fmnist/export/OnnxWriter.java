package org.fmnist.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fmnist.export.onnx.OnnxModelBuilder;
import org.fmnist.io.Json;

/** Writes {@code model.onnx}, with the provenance as its doc string and metadata. */
final class OnnxWriter {
  static final String FILE = "model.onnx";

  private OnnxWriter() {}

  static void write(InferenceModel model, Provenance provenance, Path folder)
      throws IOException {
    OnnxModelBuilder.Metadata metadata =
        new OnnxModelBuilder.Metadata(
            provenance.software().fmnist(),
            provenance.version(),
            provenance.summary(),
            Map.of(OnnxModelBuilder.PROVENANCE_KEY, Json.write(provenance)));
    Files.write(folder.resolve(FILE), OnnxModelBuilder.build(model.spec(), model.weights(), metadata).toByteArray());
  }
}
