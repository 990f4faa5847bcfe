package org.fmnist.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.fmnist.data.LabeledImages;

/**
 * Runs a {@code model.onnx} in ONNX Runtime with all graph optimizations and strict shape and type
 * inference, so that any inconsistency in the file fails the session instead of passing silently.
 */
final class OnnxRuntimePredictor implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
  private final OrtSession session;

  OnnxRuntimePredictor(Path model) throws OrtException {
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.addConfigEntry("session.strict_shape_type_inference", "1");
    options.setIntraOpNumThreads(2);
    session = env.createSession(model.toString(), options);
  }

  OrtSession session() {
    return session;
  }

  Predictions predict(LabeledImages images) throws OrtException {
    int n = images.size();
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(Predictions.pixels(images)), new long[] {n, 28, 28, 1});
        OrtSession.Result result = session.run(Map.of(ServingSignature.INPUT, input))) {
      float[][] probabilities =
          (float[][]) result.get(ServingSignature.PROBABILITIES).orElseThrow().getValue();
      long[] classIds = (long[]) result.get(ServingSignature.CLASS_ID).orElseThrow().getValue();
      return new Predictions(classIds, probabilities);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
    options.close();
  }
}
