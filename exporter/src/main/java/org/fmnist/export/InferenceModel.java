package org.fmnist.export;

import org.fmnist.errors.RunFolderException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmnist.errors.IoErrors;
import org.fmnist.model.InferenceGraph;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.RestoredModel;
import org.fmnist.model.TensorValues;
import org.fmnist.train.Checkpoints;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The model's float32 {@link InferenceGraph} with a checkpoint's weights, and its serving
 * signature. The variables have no initializers and the graph has no optimizer, gradient or random
 * ops, so what is saved from it is exactly the model's parameters.
 */
public final class InferenceModel implements AutoCloseable {
  private final ModelSpec spec;
  private final RestoredModel model;
  private final Signature signature;

  private InferenceModel(ModelSpec spec, RestoredModel model) {
    this.spec = spec;
    this.model = model;
    InferenceGraph graph = model.inference();
    signature =
        Signature.builder()
            .key(ServingSignature.KEY)
            .methodName(ServingSignature.METHOD_NAME)
            .input(ServingSignature.INPUT, graph.input())
            .output(ServingSignature.PROBABILITIES, graph.probabilities())
            .output(ServingSignature.CLASS_ID, graph.classId())
            .build();
  }

  /** Builds the inference graph of {@code spec} and restores the weights of checkpoint folder. */
  public static InferenceModel restore(ModelSpec spec, Path checkpoint) {
    RestoredModel model;
    try {
      model =
          RestoredModel.restore(
              spec, Checkpoints.variables(checkpoint), InferenceGraph.Input.FLOAT32, null);
    } catch (TensorFlowException e) {
      throw new RunFolderException("cannot restore the weights of " + checkpoint + ": " + IoErrors.firstLine(e));
    }
    try {
      return new InferenceModel(spec, model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  public Session session() {
    return model.session();
  }

  /** {@code serving_default}: image → probabilities, class_id; method tensorflow/serving/predict. */
  public Signature signature() {
    return signature;
  }

  /** Every parameter by variable name, in layer order, as restored. */
  public Map<String, Weights> weights() {
    Map<String, Weights> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Variable<TFloat32>> v : model.inference().parameters().all().entrySet()) {
      try (Result r = model.session().runner().fetch(v.getValue()).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        weights.put(v.getKey(), new Weights(t.shape().asArray(), TensorValues.floats(t)));
      }
    }
    return weights;
  }

  @Override
  public void close() {
    model.close();
  }
}
