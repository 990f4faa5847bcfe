package org.fmnist.serving;

import java.util.Locale;

/** Which runtime computes a model: TensorFlow (the SavedModel), ONNX Runtime (its model.onnx), or either. */
public enum Backend {
  TENSORFLOW,
  ONNX,
  /** ONNX Runtime when the version folder has a model.onnx that loads and matches the signature, else TensorFlow. */
  AUTO;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
