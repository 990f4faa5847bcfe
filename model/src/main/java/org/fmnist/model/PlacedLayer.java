package org.fmnist.model;

import java.util.List;

/**
 * A {@link LayerSpec} at its place in a model: its Keras name ({@code conv2d_1}), position, input
 * and output shapes, and the weights it declares for that input.
 */
public record PlacedLayer(
    int index, String name, LayerSpec spec, FeatureShape input, FeatureShape output) {

  public List<Weight> weights() {
    return spec.weights(name, input);
  }

  /** The weight of {@code role}; a layer that declares none is a programming error. */
  public Weight weight(Weight.Role role) {
    return weights().stream()
        .filter(w -> w.role() == role)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " has no " + role + " weight"));
  }

  /** All parameters, trainable or not. */
  public long parameters() {
    return weights().stream().mapToLong(Weight::size).sum();
  }

  public long nonTrainableParameters() {
    return weights().stream().filter(w -> !w.trainable()).mapToLong(Weight::size).sum();
  }
}
