package org.fmnist.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * Builds a model's forward pass as TensorFlow ops, layer for layer like Keras. The same parameters
 * may be applied several times in one graph (a training pass and an inference pass).
 */
public final class ModelGraph {
  private ModelGraph() {}

  /** How a pass behaves: training uses dropout and batch statistics, inference does not. */
  public sealed interface Mode {
    /** Dropout masks are drawn from a stateless generator keyed by {@code seed} (int64[2]). */
    record Training(Operand<TInt64> seed) implements Mode {}

    record Inference() implements Mode {}
  }

  /**
   * The pass's logits, the ops that update non-trainable state (run them with each training step)
   * and the output of every layer (for feature-map pictures).
   */
  public record Forward(
      Operand<TFloat32> logits, List<Op> stateUpdates, List<Operand<TFloat32>> layerOutputs) {}

  /** {@code images}: float32 NHWC [N, {@link FeatureShape#INPUT}] with pixels in [0, 1]; computes in float32. */
  public static Forward forward(
      Ops tf, ModelSpec spec, ModelParameters params, Operand<TFloat32> images, Mode mode) {
    return forward(tf, spec, params, images, mode, Precision.FP32);
  }

  /**
   * The pass computed in {@code precision}: the images and each layer's weights are cast to its
   * type, BatchNormalization computes in float32, and the logits and layer outputs are float32.
   */
  public static Forward forward(
      Ops tf,
      ModelSpec spec,
      ModelParameters params,
      Operand<TFloat32> images,
      Mode mode,
      Precision precision) {
    List<Op> updates = new ArrayList<>();
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    Operand<? extends TFloating> x = cast(tf, images, precision.computeType());
    List<PlacedLayer> layers = spec.placedLayers();
    boolean reluMoved = false;
    for (int i = 0; i < layers.size(); i++) {
      PlacedLayer layer = layers.get(i);
      Ops scoped = tf.withSubScope(layer.name());
      boolean moveRelu = mode instanceof Mode.Training && reluBeforePool(layers, i);
      x = apply(scoped, layer, params, x, mode, updates, moveRelu);
      if (reluMoved) {
        x = scoped.nn.relu(x);
      }
      reluMoved = moveRelu;
      outputs.add(cast(scoped, x, TFloat32.class));
    }
    return new Forward(cast(tf, x, TFloat32.class), List.copyOf(updates), List.copyOf(outputs));
  }

  /**
   * Whether layer {@code i} ends in a ReLU that a max-pool follows. Training moves such a ReLU
   * behind the pool: max(relu(a), relu(b)) = relu(max(a, b)) exactly, and the gradients are the
   * same (a window whose maximum is not positive passes no gradient either way), but the ReLU and
   * its gradient then run on a quarter of the values, and the convolution's bias add is no longer
   * read by the ReLU's gradient, so oneDNN fuses it. (The ReLU and its gradient are TensorFlow's
   * generic kernels, a third of a cnn training step before this.) Inference keeps the layer
   * order: its layer outputs are the pictures of `fmnist visualize`.
   */
  private static boolean reluBeforePool(List<PlacedLayer> layers, int i) {
    if (i + 1 >= layers.size() || !(layers.get(i + 1).spec() instanceof LayerSpec.MaxPool)) {
      return false;
    }
    LayerSpec layer = layers.get(i).spec();
    return layer instanceof LayerSpec.Relu
        || layer instanceof LayerSpec.Conv2D c && c.activation() == Activation.RELU
        || layer instanceof LayerSpec.Dense d && d.activation() == Activation.RELU;
  }

  /** {@code x} as {@code type}; no op when it already is. */
  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> cast(Ops tf, Operand<?> x, Class<T> type) {
    return x.type() == type ? (Operand<T>) x : tf.dtypes.cast(x, type);
  }

  /** Captures the activations' type for {@link LayerOps}. */
  private static <T extends TFloating> Operand<T> apply(
      Ops tf, PlacedLayer layer, ModelParameters params, Operand<T> x, Mode mode, List<Op> updates,
      boolean withoutRelu) {
    return layer.spec().accept(new LayerOps<>(tf, layer, params, x, mode, updates, withoutRelu));
  }

  /**
   * The ops of one layer kind on the activations {@code x}; {@code withoutRelu}: leave out the
   * layer's ReLU (it moved behind the next layer, a max-pool).
   */
  private record LayerOps<T extends TFloating>(
      Ops tf,
      PlacedLayer layer,
      ModelParameters params,
      Operand<T> x,
      Mode mode,
      List<Op> updates,
      boolean withoutRelu)
      implements LayerSpec.Visitor<Operand<T>> {

    public Operand<T> conv2d(LayerSpec.Conv2D c) {
      Operand<T> y =
          tf.nn.conv2d(
              x,
              weight(Weight.Role.KERNEL),
              Arrays.asList(1L, (long) c.stride(), (long) c.stride(), 1L),
              c.padding().tensorflowName());
      return activate(tf, tf.nn.biasAdd(y, weight(Weight.Role.BIAS)), activation(c.activation()));
    }

    public Operand<T> dense(LayerSpec.Dense d) {
      Operand<T> y = tf.linalg.matMul(x, weight(Weight.Role.KERNEL));
      return activate(tf, tf.nn.biasAdd(y, weight(Weight.Role.BIAS)), activation(d.activation()));
    }

    public Operand<T> maxPool(LayerSpec.MaxPool p) {
      return ModelGraph.maxPool(tf, x, p.size(), p.stride());
    }

    public Operand<T> flatten(LayerSpec.Flatten f) {
      return tf.reshape(x, tf.constant(new long[] {-1, layer.input().units()}));
    }

    public Operand<T> dropout(LayerSpec.Dropout d) {
      return mode instanceof Mode.Training t && d.rate() > 0
          ? ModelGraph.dropout(tf, x, d.rate(), t, layer.index())
          : x;
    }

    public Operand<T> batchNorm(LayerSpec.BatchNorm b) {
      return ModelGraph.batchNorm(tf, x, layer, params, mode, updates);
    }

    public Operand<T> relu(LayerSpec.Relu r) {
      return withoutRelu ? x : tf.nn.relu(x);
    }

    private Activation activation(Activation declared) {
      return withoutRelu ? Activation.LINEAR : declared;
    }

    /** The float32 variable of {@code role} in the type of the activations it meets. */
    private Operand<T> weight(Weight.Role role) {
      return cast(tf, params.get(layer.weight(role)), x.type());
    }
  }

  private static <T extends TFloating> Operand<T> activate(
      Ops tf, Operand<T> x, Activation activation) {
    return activation == Activation.RELU ? tf.nn.relu(x) : x;
  }

  /**
   * The plain {@code MaxPool} op, window and strides as attributes. {@code tf.nn.maxPool} builds
   * {@code MaxPoolV2}, which TensorFlow 2.16 does not hand to oneDNN: pooling and its gradient then
   * run on slow generic kernels (a CNN step about 1.3x slower).
   */
  public static <T extends TType> Operand<T> maxPool(Ops tf, Operand<T> x, int size, int stride) {
    Scope scope = tf.scope();
    var builder = scope.opBuilder("MaxPool", "MaxPool");
    builder.addInput(x.asOutput());
    builder.setAttr("ksize", new long[] {1, size, size, 1});
    builder.setAttr("strides", new long[] {1, stride, stride, 1});
    builder.setAttr("padding", "VALID");
    builder.setAttr("data_format", "NHWC");
    Operation op = builder.build();
    return op.output(0);
  }

  /** Keras's inverted dropout: keep where U[0,1) >= rate, scale the kept values by 1/(1-rate). */
  private static <T extends TFloating> Operand<T> dropout(
      Ops tf, Operand<T> x, double rate, Mode.Training mode, int layerIndex) {
    Operand<TInt64> seed = tf.math.add(mode.seed(), tf.constant(new long[] {0, layerIndex}));
    Operand<TFloat32> uniform = tf.random.statelessRandomUniform(tf.shape(x), seed, TFloat32.class);
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant((float) rate)), TFloat32.class);
    Operand<TFloat32> scaledKeep = tf.math.mul(keep, tf.constant((float) (1.0 / (1.0 - rate))));
    return tf.math.mul(x, cast(tf, scaledKeep, x.type()));
  }

  /**
   * Keras's BatchNormalization over the last axis. Training normalizes with the batch's mean and
   * biased variance and moves the moving statistics towards them (momentum 0.99); inference uses
   * the moving statistics. The statistics and the normalization are float32 whatever type the
   * activations have. Training runs TensorFlow's fused kernel ({@code FusedBatchNormV3}, which
   * oneDNN runs in one pass forward and one backward, also on bfloat16 activations); the same math
   * as separate ops made a cnn-bn training step about 3x slower.
   */
  private static <T extends TFloating> Operand<T> batchNorm(
      Ops tf,
      Operand<T> activations,
      PlacedLayer layer,
      ModelParameters params,
      Mode mode,
      List<Op> updates) {
    Variable<TFloat32> movingMean = params.get(layer.weight(Weight.Role.MOVING_MEAN));
    Variable<TFloat32> movingVariance = params.get(layer.weight(Weight.Role.MOVING_VARIANCE));
    Variable<TFloat32> gamma = params.get(layer.weight(Weight.Role.GAMMA));
    Variable<TFloat32> beta = params.get(layer.weight(Weight.Role.BETA));
    if (mode instanceof Mode.Training) {
      return fusedBatchNorm(tf, activations, layer.input(), gamma, beta, movingMean, movingVariance, updates);
    }
    Operand<TFloat32> x = cast(tf, activations, TFloat32.class);
    Operand<TFloat32> scale =
        tf.math.mul(tf.math.rsqrt(tf.math.add(movingVariance, tf.constant(LayerSpec.BatchNorm.EPSILON))), gamma);
    Operand<TFloat32> shift = tf.math.sub(beta, tf.math.mul(movingMean, scale));
    return cast(tf, tf.math.add(tf.math.mul(x, scale), shift), activations.type());
  }

  /**
   * The training pass of {@link #batchNorm}: a flat input is viewed as [N, 1, 1, C]. The kernel's
   * batch variance output carries Bessel's correction (n / (n - 1)); Keras moves the moving
   * variance towards the biased one, so the update undoes it.
   */
  private static <T extends TFloating> Operand<T> fusedBatchNorm(
      Ops tf,
      Operand<T> activations,
      FeatureShape in,
      Operand<TFloat32> gamma,
      Operand<TFloat32> beta,
      Variable<TFloat32> movingMean,
      Variable<TFloat32> movingVariance,
      List<Op> updates) {
    Operand<T> x =
        in.flat() ? tf.reshape(activations, tf.constant(new long[] {-1, 1, 1, in.units()})) : activations;
    Operand<TFloat32> none = tf.constant(new float[0]);
    FusedBatchNorm<T, TFloat32> bn =
        tf.nn.fusedBatchNorm(
            x, gamma, beta, none, none,
            FusedBatchNorm.epsilon(LayerSpec.BatchNorm.EPSILON),
            FusedBatchNorm.exponentialAvgFactor(1f),
            FusedBatchNorm.dataFormat("NHWC"),
            FusedBatchNorm.isTraining(true));
    Operand<TFloat32> n =
        tf.dtypes.cast(tf.math.div(tf.size(x, TInt64.class), tf.constant((long) in.channels())), TFloat32.class);
    Operand<TFloat32> biasedVariance =
        tf.math.mul(bn.batchVariance(), tf.math.div(tf.math.sub(n, tf.constant(1f)), n));
    updates.add(movingAverage(tf, movingMean, bn.batchMean()));
    updates.add(movingAverage(tf, movingVariance, biasedVariance));
    return in.flat() ? tf.reshape(bn.y(), tf.constant(new long[] {-1, in.units()})) : bn.y();
  }

  private static Op movingAverage(Ops tf, Variable<TFloat32> moving, Operand<TFloat32> batchValue) {
    float m = LayerSpec.BatchNorm.MOMENTUM;
    Operand<TFloat32> next =
        tf.math.add(
            tf.math.mul(moving, tf.constant(m)),
            tf.math.mul(tf.stopGradient(batchValue), tf.constant(1f - m)));
    return tf.assign(moving, next);
  }
}
