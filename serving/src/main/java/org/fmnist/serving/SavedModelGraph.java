package org.fmnist.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * What both backends read from a SavedModel's {@code serve} MetaGraph: its signatures (sorted by
 * key, without TensorFlow's init-op marker) and which op computes each output. Read from {@code
 * saved_model.pb} with protobuf alone when TensorFlow does not load the model (ONNX Runtime).
 */
final class SavedModelGraph {
  private static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  private final Map<String, SignatureDef> signatures;
  private final OutputOrigins origins;

  SavedModelGraph(MetaGraphDef meta) {
    Map<String, SignatureDef> found = new TreeMap<>(meta.getSignatureDefMap());
    found.remove(INIT_OP_SIGNATURE);
    this.signatures = Collections.unmodifiableMap(found);
    this.origins = new OutputOrigins(meta);
  }

  /** The MetaGraph tagged {@code serve} of the SavedModel in {@code versionFolder}. */
  static SavedModelGraph read(Path versionFolder) {
    Path file = versionFolder.resolve(ModelFolders.SAVED_MODEL_FILE);
    SavedModel model;
    try (InputStream in = Files.newInputStream(file)) {
      model = SavedModel.parseFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + ErrorMessages.firstLine(e), e);
    }
    return model.getMetaGraphsList().stream()
        .filter(meta -> meta.getMetaInfoDef().getTagsList().contains(SavedModelSession.SERVE_TAG))
        .findFirst()
        .map(SavedModelGraph::new)
        .orElseThrow(() -> new IllegalArgumentException(file + " has no MetaGraph tagged \"" + SavedModelSession.SERVE_TAG + "\""));
  }

  Map<String, SignatureDef> signatures() {
    return signatures;
  }

  /** See {@link ModelBackend#outputOperationType}; the signature must exist. */
  String outputOperationType(SignatureDef signature, String outputName) {
    TensorInfo output = signature.getOutputsMap().get(outputName);
    return output == null ? "" : origins.operationType(output.getName());
  }
}
