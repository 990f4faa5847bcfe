package org.fmnist.serving;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.SignatureDef;

/**
 * One loaded model version's compute: runs a signature of its SavedModel on tensors in Java
 * memory. Implemented by TensorFlow ({@link SavedModelSession}) and ONNX Runtime ({@link
 * OnnxSession}); the signatures (names, dtypes, shapes) always come from the SavedModel, so front
 * ends, the batcher and metadata do not depend on which one runs. Thread-safe: any number of
 * threads may call {@link #run} at once.
 */
public interface ModelBackend extends AutoCloseable {
  /** Which runtime computes. */
  Backend kind();

  /** The SavedModel folder (version folder) this was loaded from. */
  Path folder();

  /** The SavedModel's signatures by key, sorted (TensorFlow's internal init-op marker left out). */
  Map<String, SignatureDef> signatures();

  /** The signature {@code key}; IllegalArgumentException with TF Serving's wording when absent. */
  default SignatureDef signature(String key) {
    SignatureDef signature = signatures().get(key);
    if (signature == null) {
      throw new IllegalArgumentException("Serving signature name: \"" + key + "\" not found in signature def");
    }
    return signature;
  }

  /**
   * Runs signature {@code key} on {@code feeds} (one tensor per input name, each of the input's
   * dtype) and returns the outputs named in {@code outputs} in that order. Inputs the runtime
   * refuses (a shape its graph cannot take) throw {@link InvalidInputException}.
   */
  Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputs);

  /** Runs signature {@code key} and returns every output, by name (sorted). */
  default Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds) {
    return run(key, feeds, List.copyOf(signature(key).getOutputsMap().keySet().stream().sorted().toList()));
  }

  /** The type of the operation producing a signature output (e.g. "Softmax"), "" when unknown. */
  String outputOperationType(String key, String outputName);

  @Override
  void close();
}
