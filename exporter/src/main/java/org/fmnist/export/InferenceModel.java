package org.fmnist.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.fmnist.model.ModelGraph;
import org.fmnist.model.ModelParameters;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.TensorValues;
import org.fmnist.train.Checkpoints;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A model rebuilt for inference only from its spec, with a checkpoint's weights: the input
 * placeholder, the forward pass in inference mode (Dropout is the identity, BatchNormalization uses
 * its moving statistics), softmax and argmax. The variables have no initializers and the graph has
 * no optimizer, gradient or random ops, so what is saved from it is exactly the model's parameters.
 */
public final class InferenceModel implements AutoCloseable {
  private final ModelSpec spec;
  private final Graph graph;
  private final Session session;
  private final ModelParameters parameters;
  private final Signature signature;

  private InferenceModel(ModelSpec spec, Graph graph) {
    this.spec = spec;
    this.graph = graph;
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> image =
        tf.withName(ServingSignature.INPUT)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
    parameters = ModelParameters.create(tf, spec, OptionalLong.empty());
    Operand<TFloat32> logits =
        ModelGraph.forward(tf, spec, parameters, image, new ModelGraph.Mode.Inference()).logits();
    Operand<TFloat32> probabilities =
        tf.withName(ServingSignature.PROBABILITIES).nn.softmax(logits);
    // argmax of the logits, as the trainer's own predictions are computed
    Operand<TInt64> classId =
        tf.withName(ServingSignature.CLASS_ID)
            .math
            .argMax(logits, tf.constant(1), TInt64.class);
    signature =
        Signature.builder()
            .key(ServingSignature.KEY)
            .methodName(ServingSignature.METHOD_NAME)
            .input(ServingSignature.INPUT, image)
            .output(ServingSignature.PROBABILITIES, probabilities)
            .output(ServingSignature.CLASS_ID, classId)
            .build();
    session = new Session(graph);
  }

  /** Builds the inference graph of {@code spec} and restores the weights of checkpoint folder. */
  public static InferenceModel restore(ModelSpec spec, Path checkpoint) {
    Graph graph = new Graph();
    InferenceModel model;
    try {
      model = new InferenceModel(spec, graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    try {
      // restores the model's variables by name; the optimizer slots beside them are not read
      model.session.restore(Checkpoints.variables(checkpoint).toString());
      return model;
    } catch (TensorFlowException e) {
      model.close();
      throw new IllegalStateException("cannot restore the weights of " + checkpoint + ": " + IoErrors.firstLine(e));
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  public Session session() {
    return session;
  }

  /** {@code serving_default}: image → probabilities, class_id; method tensorflow/serving/predict. */
  public Signature signature() {
    return signature;
  }

  /** Every parameter by variable name, in layer order, as restored. */
  public Map<String, Weights> weights() {
    Map<String, Weights> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Variable<TFloat32>> v : parameters.all().entrySet()) {
      try (Result r = session.runner().fetch(v.getValue()).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        weights.put(v.getKey(), new Weights(t.shape().asArray(), TensorValues.floats(t)));
      }
    }
    return weights;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
