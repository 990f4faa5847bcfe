package org.fmnist.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.fmnist.data.LabeledImages;
import org.fmnist.model.Evaluator;
import org.fmnist.model.InferenceGraph;
import org.fmnist.model.Losses;
import org.fmnist.model.ModelGraph;
import org.fmnist.model.ModelParameters;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.Precision;
import org.fmnist.model.TensorValues;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * A model's training step in one graph and session: images fed as uint8 NHWC and scaled to [0, 1]
 * in the graph, the cross-entropy of {@link Losses} (with label smoothing if asked), Keras's Adam
 * (with decoupled weight decay if asked) on the trainable variables only, the augmentation of
 * {@link StepInputs},
 * BatchNormalization's moving statistics updated with each step. Beside it, on the same variables,
 * the model's {@link InferenceGraph} for validation while training. Close it to free the native
 * graph and session.
 */
public final class TrainingGraph implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final ModelParameters parameters;
  private final Placeholder<TUint8> images;
  private final Placeholder<TUint8> labels;
  private final Placeholder<TInt64> stepSeed;
  private final Placeholder<TFloat32> learningRate;
  private final Regularization regularization;
  private final Op trainStep;
  private final Operand<TFloat32> batchLoss;
  private final Operand<TFloat32> stepMetrics;
  private final Evaluator evaluator;
  private StepInputs inputs;

  /** A float32 training graph. */
  public TrainingGraph(ModelSpec spec, long seed, Device.Placement placement) {
    this(spec, seed, placement, Precision.FP32);
  }

  /** The training pass computes in {@code precision}; the inference pass is always float32. */
  public TrainingGraph(ModelSpec spec, long seed, Device.Placement placement, Precision precision) {
    this(spec, seed, placement, precision, Regularization.NONE);
  }

  /** Trains with {@code regularization}'s augmentation, label smoothing and weight decay. */
  public TrainingGraph(
      ModelSpec spec,
      long seed,
      Device.Placement placement,
      Precision precision,
      Regularization regularization) {
    this.regularization = regularization;
    this.graph = new Graph();
    try {
      Ops tf = placement.place(Ops.create(graph));
      images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(InferenceGraph.batchShape()));
      labels = tf.withName("labels").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1)));
      stepSeed = tf.withName("step_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      learningRate =
          tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      parameters = ModelParameters.create(tf, spec, OptionalLong.of(seed));

      Ops train = tf.withSubScope("train");
      Operand<TFloat32> pixels = InferenceGraph.scaledPixels(tf, images);
      ModelGraph.Forward training =
          ModelGraph.forward(
              train, spec, parameters, pixels, new ModelGraph.Mode.Training(stepSeed), precision);
      Operand<TFloat32> exampleLoss =
          Losses.crossEntropy(
              train,
              training.logits(),
              Losses.smoothed(train, Losses.oneHot(tf, labels), regularization.labelSmoothing()));
      batchLoss = train.math.mean(exampleLoss, train.constant(0));
      Operand<TInt64> labels64 = tf.dtypes.cast(labels, TInt64.class);
      stepMetrics = train.stack(List.of(batchLoss, correct(train, training.logits(), labels64)));
      trainStep = optimizerStep(train, training.stateUpdates());

      Ops infer = tf.withSubScope("infer");
      Evaluator.Head validation =
          Evaluator.Head.build(
              infer, InferenceGraph.on(infer, spec, parameters, InferenceGraph.Input.UINT8));

      session = new Session(graph, placement.sessionConfig());
      evaluator = new Evaluator(session, validation);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static Operand<TFloat32> correct(
      Ops tf, Operand<TFloat32> logits, Operand<TInt64> labels) {
    Operand<TInt64> predicted = tf.math.argMax(logits, tf.constant(1), TInt64.class);
    return tf.sum(
        tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class), tf.constant(0));
  }

  private Op optimizerStep(Ops tf, List<Op> stateUpdates) {
    List<Variable<TFloat32>> trainable = parameters.trainable();
    Output<?>[] variables = trainable.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] gradients = graph.addGradients(batchLoss.asOutput(), variables);
    List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
    for (int i = 0; i < variables.length; i++) {
      pairs.add(gradAndVar(gradients[i], variables[i]));
    }
    Op adam = new KerasAdam(graph, learningRate, (float) regularization.weightDecay())
            .applyGradients(pairs, "adam_step");
    List<Op> all = new ArrayList<>(stateUpdates);
    all.add(adam);
    return tf.withControlDependencies(all).withName("train_step").noOp();
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> GradAndVar<T> gradAndVar(Output<?> gradient, Output<?> variable) {
    return new GradAndVar<>((Output<T>) gradient, (Output<T>) variable);
  }

  public ModelParameters parameters() {
    return parameters;
  }

  /** Runs the variables' initializers (a fresh run; a resumed one restores instead). */
  public void initialize() {
    session.initialize();
  }

  /** Loss and number of correct predictions of one training step. */
  public record StepResult(float loss, int correct) {}

  /**
   * One optimizer step on the {@code count} images {@code data[order[from]]}, {@code
   * data[order[from + 1]]}, ... {@code step} keys the dropout masks and the augmentation's draws, so
   * a resumed run draws the same ones.
   */
  public StepResult trainStep(
      LabeledImages data, int[] order, int from, int count, long seed, long step, float lr) {
    try (Result result = runStep(data, order, from, count, seed, step, lr, null)) {
      return stepResult(result);
    }
  }

  /**
   * The same step as {@link #trainStep}, traced: TensorFlow's per-op step statistics of this run
   * (what {@code bench/jmh}'s {@code StepProfile} reads to say where a step's time goes).
   */
  public RunMetadata profileStep(
      LabeledImages data, int[] order, int from, int count, long seed, long step, float lr) {
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    try (Result result = runStep(data, order, from, count, seed, step, lr, trace)) {
      return result.getMetadata().orElseThrow();
    }
  }

  private Result runStep(
      LabeledImages data, int[] order, int from, int count, long seed, long step, float lr,
      RunOptions options) {
    if (inputs == null || inputs.count != count) {
      if (inputs != null) {
        inputs.close();
        inputs = null; // never closed twice if the next allocation fails
      }
      inputs = new StepInputs(count, regularization.augmentation());
    }
    inputs.fill(data, order, from, seed, step, lr);
    Session.Runner runner =
        session
            .runner()
            .feed(images, inputs.images)
            .feed(labels, inputs.labels)
            .feed(stepSeed, inputs.seed)
            .feed(learningRate, inputs.learningRate)
            .addTarget(trainStep)
            .fetch(stepMetrics);
    return options == null ? runner.run() : runner.setOptions(options).runAndFetchMetadata();
  }

  private static StepResult stepResult(Result result) {
    TFloat32 metrics = (TFloat32) result.get(0);
    return new StepResult(metrics.getFloat(0), Math.round(metrics.getFloat(1)));
  }

  /** Evaluates the current weights (the inference pass: no dropout, BN moving statistics). */
  public Evaluator evaluator() {
    return evaluator;
  }

  /** Saves every variable (model, optimizer slots, BN statistics) under {@code prefix}. */
  public void save(Path prefix) {
    session.save(prefix.toString());
  }

  public void restore(Path prefix) {
    session.restore(prefix.toString());
  }

  /** Current value of a variable, flattened. */
  public float[] read(String variableName) {
    try (Result r = session.runner().fetch(parameters.get(variableName)).run()) {
      return TensorValues.floats((TFloat32) r.get(0));
    }
  }

  @Override
  public void close() {
    if (inputs != null) {
      inputs.close();
    }
    session.close();
    graph.close();
  }
}
