package org.fmnist.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * A SavedModel's MetaGraph and signatures read from its {@code saved_model.pb} with protobuf alone
 * (no TensorFlow runtime), as the ONNX Runtime backend needs them.
 */
final class SavedModelSignatures {
  private static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  private SavedModelSignatures() {}

  /** The MetaGraph tagged {@code serve}. */
  static MetaGraphDef read(Path versionFolder) {
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
        .orElseThrow(() -> new IllegalArgumentException(file + " has no MetaGraph tagged \"" + SavedModelSession.SERVE_TAG + "\""));
  }

  /** The signatures of a MetaGraph, sorted by key, without TensorFlow's init-op marker. */
  static Map<String, SignatureDef> of(MetaGraphDef meta) {
    Map<String, SignatureDef> found = new TreeMap<>(meta.getSignatureDefMap());
    found.remove(INIT_OP_SIGNATURE);
    return found;
  }
}
