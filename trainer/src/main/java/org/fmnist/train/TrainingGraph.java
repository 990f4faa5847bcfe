package org.fmnist.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.fmnist.data.LabeledImages;
import org.fmnist.model.ModelGraph;
import org.fmnist.model.ModelParameters;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.TensorValues;
import org.fmnist.model.Precision;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * One graph and session holding a model's training step and its inference pass: images fed as
 * uint8 NHWC and scaled to [0, 1] in the graph, sparse categorical cross-entropy written with
 * {@code logSoftmax} (TF Java 1.0.0 has no gradient for SparseSoftmaxCrossEntropyWithLogits),
 * Keras's Adam on the trainable variables only, BatchNormalization's moving statistics updated with
 * each step. Close it to free the native graph and session.
 */
public final class TrainingGraph implements AutoCloseable {
  private static final int EVAL_BATCH = 1000;

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
  private final Operand<TFloat32> evalLossSum;
  private final Operand<TInt64> evalPredictions;
  private final Operand<TFloat32> evalProbabilities;
  private final List<Operand<TFloat32>> evalLayerOutputs;
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
      images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
      labels = tf.withName("labels").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1)));
      stepSeed = tf.withName("step_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      learningRate =
          tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      parameters = ModelParameters.create(tf, spec, OptionalLong.of(seed));

      Operand<TFloat32> pixels =
          tf.math.div(tf.dtypes.cast(images, TFloat32.class), tf.constant(255f));
      Operand<TFloat32> oneHot =
          tf.oneHot(labels, tf.constant(ModelSpec.CLASSES), tf.constant(1f), tf.constant(0f));
      Operand<TInt64> labels64 = tf.dtypes.cast(labels, TInt64.class);

      Ops train = tf.withSubScope("train");
      ModelGraph.Forward training =
          ModelGraph.forward(
              train, spec, parameters, pixels, new ModelGraph.Mode.Training(stepSeed), precision);
      Operand<TFloat32> exampleLoss =
          crossEntropy(train, training.logits(), smoothed(train, oneHot, regularization.labelSmoothing()));
      batchLoss = train.math.mean(exampleLoss, train.constant(0));
      stepMetrics = train.stack(List.of(batchLoss, correct(train, training.logits(), labels64)));
      trainStep = optimizerStep(train, training.stateUpdates());

      Ops infer = tf.withSubScope("infer");
      ModelGraph.Forward inference =
          ModelGraph.forward(infer, spec, parameters, pixels, new ModelGraph.Mode.Inference());
      evalLossSum =
          infer.sum(crossEntropy(infer, inference.logits(), oneHot), infer.constant(0));
      evalPredictions = infer.math.argMax(inference.logits(), infer.constant(1), TInt64.class);
      evalProbabilities = infer.nn.softmax(inference.logits());
      evalLayerOutputs = inference.layerOutputs();

      session = new Session(graph, placement.sessionConfig());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHot) {
    Operand<TFloat32> picked =
        tf.sum(tf.math.mul(oneHot, tf.nn.logSoftmax(logits)), tf.constant(1));
    return tf.math.neg(picked);
  }

  /** Keras's label smoothing: (1 - ε)·y + ε/K. */
  private static Operand<TFloat32> smoothed(Ops tf, Operand<TFloat32> oneHot, double epsilon) {
    if (epsilon == 0) {
      return oneHot;
    }
    return tf.math.add(
        tf.math.mul(oneHot, tf.constant((float) (1 - epsilon))),
        tf.constant((float) (epsilon / ModelSpec.CLASSES)));
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
    if (inputs == null || inputs.count != count) {
      if (inputs != null) {
        inputs.close();
        inputs = null; // never closed twice if the next allocation fails
      }
      inputs = new StepInputs(count, regularization.augmentation());
    }
    inputs.fill(data, order, from, seed, step, lr);
    try (Result result =
        session
            .runner()
            .feed(images, inputs.images)
            .feed(labels, inputs.labels)
            .feed(stepSeed, inputs.seed)
            .feed(learningRate, inputs.learningRate)
            .addTarget(trainStep)
            .fetch(stepMetrics)
            .run()) {
      TFloat32 metrics = (TFloat32) result.get(0);
      return new StepResult(metrics.getFloat(0), Math.round(metrics.getFloat(1)));
    }
  }

  /** Mean loss, predicted classes and (optionally) softmax probabilities over a set of images. */
  public record Predictions(double meanLoss, int[] predicted, float[][] probabilities) {}

  public Predictions evaluate(LabeledImages data, boolean withProbabilities) {
    int n = data.size();
    int[] predicted = new int[n];
    float[][] probabilities = withProbabilities ? new float[n][] : null;
    double lossSum = 0;
    for (int from = 0; from < n; from += EVAL_BATCH) {
      int count = Math.min(EVAL_BATCH, n - from);
      try (TUint8 x = pixelsTensor(data, from, count);
          TUint8 y = TUint8.tensorOf(Shape.of(count), bytes(data.labelBytes(), from, count));
          Result result = evalRunner(x, y, withProbabilities).run()) {
        lossSum += ((TFloat32) result.get(0)).getFloat();
        TInt64 p = (TInt64) result.get(1);
        for (int i = 0; i < count; i++) {
          predicted[from + i] = (int) p.getLong(i);
        }
        if (withProbabilities) {
          TFloat32 probs = (TFloat32) result.get(2);
          for (int i = 0; i < count; i++) {
            float[] row = new float[ModelSpec.CLASSES];
            for (int c = 0; c < row.length; c++) {
              row[c] = probs.getFloat(i, c);
            }
            probabilities[from + i] = row;
          }
        }
      }
    }
    return new Predictions(lossSum / n, predicted, probabilities);
  }

  private Session.Runner evalRunner(TUint8 x, TUint8 y, boolean withProbabilities) {
    Session.Runner runner =
        session.runner().feed(images, x).feed(labels, y).fetch(evalLossSum).fetch(evalPredictions);
    return withProbabilities ? runner.fetch(evalProbabilities) : runner;
  }

  /**
   * The inference output of every layer for image {@code index} (for feature-map pictures). The
   * caller owns the returned tensors and must close every one of them.
   */
  public List<TFloat32> layerOutputs(LabeledImages data, int index) {
    try (TUint8 x = pixelsTensor(data, index, 1)) {
      Session.Runner runner = session.runner().feed(images, x);
      evalLayerOutputs.forEach(runner::fetch);
      Result result = runner.run();
      try {
        List<TFloat32> outputs = new ArrayList<>();
        for (int i = 0; i < evalLayerOutputs.size(); i++) {
          outputs.add((TFloat32) result.get(i));
        }
        return outputs;
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
    }
  }

  private static TUint8 pixelsTensor(LabeledImages data, int from, int count) {
    int p = LabeledImages.PIXELS;
    return TUint8.tensorOf(
        Shape.of(count, LabeledImages.ROWS, LabeledImages.COLS, 1),
        bytes(data.pixelBytes(), (long) from * p, (long) count * p));
  }

  /** A window on {@code array}, copied only into the tensor that takes it. */
  private static ByteDataBuffer bytes(byte[] array, long from, long count) {
    return DataBuffers.of(array, true, false).slice(from, count);
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
