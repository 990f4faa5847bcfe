package org.fmnist.export;

import org.fmnist.model.InferenceGraph;

/**
 * The contract every exported model keeps, in the SavedModel and in {@code model.onnx} alike: one
 * input {@code image} (float32 NHWC {@code [batch, 28, 28, 1]}, pixels in [0, 1]) and two outputs,
 * {@code probabilities} (float32 {@code [batch, 10]}, softmax) and {@code class_id} (int64 {@code
 * [batch]}, the most likely class).
 */
public final class ServingSignature {
  /** The tag TensorFlow Serving loads by default. */
  public static final String TAG = "serve";
  /** The signature TensorFlow Serving uses when a request names none. */
  public static final String KEY = "serving_default";
  /** Without it TensorFlow Serving's Predict API refuses the signature. */
  public static final String METHOD_NAME = "tensorflow/serving/predict";

  public static final String INPUT = InferenceGraph.INPUT;
  public static final String PROBABILITIES = InferenceGraph.PROBABILITIES;
  public static final String CLASS_ID = InferenceGraph.CLASS_ID;

  private ServingSignature() {}
}
