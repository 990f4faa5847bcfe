package org.fmnist.model;

import java.util.Locale;
import org.tensorflow.ndarray.Shape;

/**
 * One variable a layer declares: its name (Keras's weight name with '_' for '/', e.g. {@code
 * conv2d_kernel}, {@code batch_normalization_moving_mean}), shape, initial value and whether the
 * optimizer trains it. Parameters, graph, summary, checkpoints, SavedModel and ONNX initializers
 * all name weights through this record, so they agree by construction.
 */
public record Weight(String layer, Role role, Shape shape, Initializer initializer, boolean trainable) {

  /** What a weight is to its layer; the suffix of its variable name. */
  public enum Role {
    KERNEL,
    BIAS,
    GAMMA,
    BETA,
    MOVING_MEAN,
    MOVING_VARIANCE;

    String suffix() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Keras's initial values: Glorot-uniform kernels, zeros, ones. */
  public enum Initializer {
    GLOROT_UNIFORM,
    ZEROS,
    ONES
  }

  /** The variable's name in the graph, the checkpoints, the SavedModel and the ONNX file. */
  public String name() {
    return layer + "_" + role.suffix();
  }

  /** Number of elements. */
  public long size() {
    return shape.size();
  }
}
