package org.fmnist.serving;

import java.util.Locale;

/** Which runtime computes a model: TensorFlow (the SavedModel), ONNX Runtime (its model.onnx), or either. */
public enum Backend {
  TENSORFLOW,
  ONNX,
  /** ONNX Runtime when the version folder has a model.onnx that loads and matches the signature, else TensorFlow. */
  AUTO;

  /** "tensorflow", "onnx" or "auto" (any case). */
  public static Backend parse(String name) {
    for (Backend backend : values()) {
      if (backend.name().equalsIgnoreCase(name.strip())) {
        return backend;
      }
    }
    throw new IllegalArgumentException("unknown backend '" + name + "': give tensorflow, onnx or auto");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
