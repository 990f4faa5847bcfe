package org.fmnist.bench.serving;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The same model's {@code model.onnx} in ONNX Runtime Java, the reference the benchmark compares
 * TensorFlow Java with. Like the serving module, it reads the input and the probability output
 * (float, two dimensions) from the model instead of assuming their names.
 */
final class OnnxClassifier implements AutoCloseable {
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
  private final OrtSession session;
  private final String input;
  private final long[] inputShape;
  private final String probabilities;

  OnnxClassifier(Path file) throws OrtException {
    try {
      session = environment.createSession(file.toString(), options);
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
    try {
      Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
      input = in.getKey();
      inputShape = ((TensorInfo) in.getValue().getInfo()).getShape();
      probabilities =
          session.getOutputInfo().entrySet().stream()
              .filter(e -> e.getValue().getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT && t.getShape().length == 2)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException(file + " has no float [N, classes] output"));
    } catch (OrtException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Class probabilities for a batch of images, each the model's input floats in [0, 1]. */
  float[][] predict(float[][] images) throws OrtException {
    int size = images[0].length;
    float[] flat = new float[images.length * size];
    for (int i = 0; i < images.length; i++) {
      System.arraycopy(images[i], 0, flat, i * size, size);
    }
    long[] shape = inputShape.clone();
    shape[0] = images.length;
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(flat), shape);
        OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(probabilities))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  static String runtimeVersion() {
    return OrtEnvironment.getEnvironment().getVersion();
  }

  @Override
  public void close() throws OrtException {
    try {
      session.close();
    } finally {
      options.close();
    }
  }
}
