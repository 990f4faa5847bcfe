package org.fmnist.serving;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a version folder with the runtime asked for; {@link Backend#AUTO} prefers ONNX Runtime when it can. */
public final class ModelBackends {
  private ModelBackends() {}

  /**
   * The runtime {@code options.backend()} names, with TensorFlow's threads as {@code options} say;
   * its notices hear why AUTO fell back to TensorFlow when a model.onnx is present but unusable.
   */
  public static ModelBackend load(Path versionFolder, ClassifierOptions options) {
    return switch (options.backend()) {
      case TENSORFLOW -> SavedModelSession.load(versionFolder, options.tensorflowThreads());
      case ONNX -> OnnxSession.load(versionFolder);
      case AUTO -> {
        if (Files.isRegularFile(versionFolder.resolve(OnnxSession.ONNX_FILE))) {
          try {
            yield OnnxSession.load(versionFolder);
          } catch (RuntimeException e) {
            options.notices().accept(OnnxSession.ONNX_FILE + " not used (" + e.getMessage() + "): running the SavedModel with TensorFlow");
          }
        }
        yield SavedModelSession.load(versionFolder, options.tensorflowThreads());
      }
    };
  }
}
