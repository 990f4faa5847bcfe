package org.fmnist.cli;

import org.fmnist.serving.Backend;
import picocli.CommandLine.Option;

/** {@code --backend}: which runtime computes the model (predict and serve). */
final class BackendOption {
  @Option(
      names = "--backend",
      paramLabel = "NAME",
      defaultValue = "tensorflow",
      converter = EnumOption.BackendValue.class,
      description = "tensorflow, onnx (the version's model.onnx with ONNX Runtime) or auto (onnx when model.onnx is present and loads; default: ${DEFAULT-VALUE}).")
  Backend backend;

  Backend backend() {
    return backend;
  }
}
