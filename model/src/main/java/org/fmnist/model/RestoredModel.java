package org.fmnist.model;

import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A model's {@link InferenceGraph} in its own graph and session, with a checkpoint's weights
 * restored by variable name (the optimizer slots beside them are not read). Close it to free the
 * native graph and session.
 */
public final class RestoredModel implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final InferenceGraph inference;
  private final Evaluator.Head evaluation;

  private RestoredModel(ModelSpec spec, InferenceGraph.Input input, ConfigProto config) {
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      inference = InferenceGraph.build(tf, spec, input);
      evaluation = input == InferenceGraph.Input.UINT8 ? Evaluator.Head.build(tf, inference) : null;
      session = config == null ? new Session(graph) : new Session(graph, config);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Builds the graph of {@code spec} and restores the variables saved under {@code prefix} (what
   * {@code Session.save} wrote). {@code config} null: TensorFlow's default session options.
   */
  public static RestoredModel restore(
      ModelSpec spec, Path prefix, InferenceGraph.Input input, ConfigProto config) {
    RestoredModel model = new RestoredModel(spec, input, config);
    try {
      model.session.restore(prefix.toString());
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public InferenceGraph inference() {
    return inference;
  }

  public Session session() {
    return session;
  }

  /** Evaluation over labelled images; a uint8 graph only. */
  public Evaluator evaluator() {
    if (evaluation == null) {
      throw new IllegalStateException("a float32 inference graph has no evaluation head");
    }
    return new Evaluator(session, evaluation);
  }

  /** Current value of {@code weight}, flattened. */
  public float[] read(Weight weight) {
    try (Result r = session.runner().fetch(inference.parameters().get(weight)).run()) {
      return TensorValues.floats((TFloat32) r.get(0));
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
