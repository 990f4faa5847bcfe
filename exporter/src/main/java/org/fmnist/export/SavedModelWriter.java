package org.fmnist.export;

import java.io.IOException;
import java.nio.file.Path;
import org.fmnist.errors.IoErrors;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Writes an {@link InferenceModel} as a TensorFlow SavedModel: {@code saved_model.pb} (graph, tag
 * {@code serve}, signature {@code serving_default}) and {@code variables/variables.index} + {@code
 * variables.data-*} (the restored weights).
 */
final class SavedModelWriter {
  static final String GRAPH_FILE = "saved_model.pb";
  static final String VARIABLES_DIR = "variables";

  private SavedModelWriter() {}

  static void write(InferenceModel model, Path folder) throws IOException {
    try {
      SavedModelBundle.exporter(folder.toString())
          .withTags(ServingSignature.TAG)
          .withSession(model.session())
          .withSignature(model.signature())
          .export();
    } catch (TensorFlowException e) {
      // TensorFlow's saver reports a full disk or an unwritable folder this way
      throw new IOException("cannot write the SavedModel: " + IoErrors.firstLine(e), e);
    }
  }
}
