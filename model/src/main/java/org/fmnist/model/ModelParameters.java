package org.fmnist.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of a model, named like Keras's weights ({@code conv2d_kernel}, {@code
 * dense_1_bias}, {@code batch_normalization_moving_mean}; underscores because TF Java op names may
 * not contain '/'). With a seed they get Keras's initial values (Glorot-uniform kernels, zero
 * biases and betas, unit gammas and moving variances); without one they are left for a checkpoint
 * restore, so an inference graph holds no random initializer.
 */
public final class ModelParameters {
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();
  private final List<Variable<TFloat32>> nonTrainable = new ArrayList<>();

  private ModelParameters() {}

  /** The variables {@code spec}'s layers declare, with initial values when {@code seed} is given. */
  public static ModelParameters create(Ops tf, ModelSpec spec, OptionalLong seed) {
    ModelParameters p = new ModelParameters();
    for (PlacedLayer layer : spec.placedLayers()) {
      for (Weight w : layer.weights()) {
        p.add(tf, w, seed, layer.index());
      }
    }
    return p;
  }

  /** {@code layer} keys the Glorot stream, so each layer draws its own initial values. */
  private void add(Ops tf, Weight weight, OptionalLong seed, int layer) {
    Shape shape = weight.shape();
    Variable<TFloat32> v;
    if (seed.isPresent()) {
      Operand<TFloat32> value =
          switch (weight.initializer()) {
            case GLOROT_UNIFORM -> GlorotUniform.values(tf, shape, seed.getAsLong(), layer);
            case ZEROS -> tf.zeros(tf.constant(shape.asArray()), TFloat32.class);
            case ONES -> tf.fill(tf.constant(shape.asArray()), tf.constant(1f));
          };
      v = tf.withName(weight.name()).variable(value);
    } else {
      v = tf.withName(weight.name()).variable(shape, TFloat32.class);
    }
    variables.put(weight.name(), v);
    (weight.trainable() ? trainable : nonTrainable).add(v);
  }

  public Variable<TFloat32> get(Weight weight) {
    return get(weight.name());
  }

  public Variable<TFloat32> get(String name) {
    Variable<TFloat32> v = variables.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no variable " + name);
    }
    return v;
  }

  /** Every variable by name, in layer order. */
  public Map<String, Variable<TFloat32>> all() {
    return Collections.unmodifiableMap(variables);
  }

  /** What the optimizer updates. */
  public List<Variable<TFloat32>> trainable() {
    return Collections.unmodifiableList(trainable);
  }

  /** State updated outside the optimizer (BatchNormalization's moving statistics). */
  public List<Variable<TFloat32>> nonTrainable() {
    return Collections.unmodifiableList(nonTrainable);
  }
}
