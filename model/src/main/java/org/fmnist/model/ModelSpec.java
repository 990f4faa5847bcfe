package org.fmnist.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A model described once: a stack of Keras layers on a 28x28x1 input whose last layer is a linear
 * {@code dense:10} (the logits; softmax is the model's head). Training graph, inference graph,
 * summary and exporters are all built from it.
 */
public record ModelSpec(String name, List<LayerSpec> layers) {
  public static final int CLASSES = 10;

  public ModelSpec {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new SpecException("a model needs at least one layer");
    }
    FeatureShape shape = FeatureShape.INPUT;
    for (LayerSpec layer : layers) {
      shape = layer.outputShape(shape);
    }
    LayerSpec last = layers.get(layers.size() - 1);
    if (!(last instanceof LayerSpec.Dense d)
        || d.units() != CLASSES
        || d.activation() != Activation.LINEAR) {
      throw new SpecException(
          "the last layer must be 'dense:10' (the logits), not '" + last.token() + "'");
    }
  }

  /** The shape entering each layer, then the model's output shape (one more entry). */
  public List<FeatureShape> shapes() {
    List<FeatureShape> shapes = new ArrayList<>();
    FeatureShape shape = FeatureShape.INPUT;
    shapes.add(shape);
    for (LayerSpec layer : layers) {
      shape = layer.outputShape(shape);
      shapes.add(shape);
    }
    return shapes;
  }

  public long parameters() {
    return sumOverLayers(LayerSpec::parameters);
  }

  public long nonTrainableParameters() {
    return sumOverLayers(LayerSpec::nonTrainableParameters);
  }

  private long sumOverLayers(java.util.function.ToLongBiFunction<LayerSpec, FeatureShape> count) {
    List<FeatureShape> shapes = shapes();
    long total = 0;
    for (int i = 0; i < layers.size(); i++) {
      total += count.applyAsLong(layers.get(i), shapes.get(i));
    }
    return total;
  }

  public long trainableParameters() {
    return parameters() - nonTrainableParameters();
  }

  /** Keras-style layer names: conv2d, conv2d_1, dense, dense_1, ... in order. */
  public List<String> layerNames() {
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    List<String> names = new ArrayList<>();
    for (LayerSpec layer : layers) {
      int n = seen.merge(layer.kerasName(), 1, Integer::sum) - 1;
      names.add(n == 0 ? layer.kerasName() : layer.kerasName() + "_" + n);
    }
    return names;
  }

  /** The text form, parseable by {@link SpecParser#parse}. */
  public String toText() {
    return layers.stream().map(LayerSpec::token).collect(Collectors.joining(" "));
  }
}
