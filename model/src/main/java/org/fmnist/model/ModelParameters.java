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

  public static ModelParameters create(Ops tf, ModelSpec spec, OptionalLong seed) {
    ModelParameters p = new ModelParameters();
    List<FeatureShape> shapes = spec.shapes();
    List<String> names = spec.layerNames();
    for (int i = 0; i < spec.layers().size(); i++) {
      FeatureShape in = shapes.get(i);
      String name = names.get(i);
      LayerSpec layer = spec.layers().get(i);
      if (layer instanceof LayerSpec.Conv2D c) {
        Shape kernel = Shape.of(c.kernel(), c.kernel(), in.channels(), c.filters());
        p.add(tf, name + "_kernel", kernel, Init.GLOROT, seed, i, true);
        p.add(tf, name + "_bias", Shape.of(c.filters()), Init.ZEROS, seed, i, true);
      } else if (layer instanceof LayerSpec.Dense d) {
        p.add(tf, name + "_kernel", Shape.of(in.units(), d.units()), Init.GLOROT, seed, i, true);
        p.add(tf, name + "_bias", Shape.of(d.units()), Init.ZEROS, seed, i, true);
      } else if (layer instanceof LayerSpec.BatchNorm) {
        Shape channels = Shape.of(in.channels());
        p.add(tf, name + "_gamma", channels, Init.ONES, seed, i, true);
        p.add(tf, name + "_beta", channels, Init.ZEROS, seed, i, true);
        p.add(tf, name + "_moving_mean", channels, Init.ZEROS, seed, i, false);
        p.add(tf, name + "_moving_variance", channels, Init.ONES, seed, i, false);
      }
    }
    return p;
  }

  private enum Init {
    GLOROT,
    ZEROS,
    ONES
  }

  private void add(
      Ops tf, String name, Shape shape, Init init, OptionalLong seed, int layer, boolean train) {
    Variable<TFloat32> v;
    if (seed.isPresent()) {
      Operand<TFloat32> value =
          switch (init) {
            case GLOROT -> GlorotUniform.values(tf, shape, seed.getAsLong(), layer);
            case ZEROS -> tf.zeros(tf.constant(shape.asArray()), TFloat32.class);
            case ONES -> tf.fill(tf.constant(shape.asArray()), tf.constant(1f));
          };
      v = tf.withName(name).variable(value);
    } else {
      v = tf.withName(name).variable(shape, TFloat32.class);
    }
    variables.put(name, v);
    (train ? trainable : nonTrainable).add(v);
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
