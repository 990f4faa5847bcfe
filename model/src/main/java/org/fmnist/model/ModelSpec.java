package org.fmnist.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model described once: a stack of Keras layers on a {@link FeatureShape#INPUT} input whose last layer is a linear
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

  /** Each layer with its name, position and shapes, in order. */
  public List<PlacedLayer> placedLayers() {
    List<FeatureShape> shapes = shapes();
    List<String> names = layerNames();
    List<PlacedLayer> placed = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      placed.add(new PlacedLayer(i, names.get(i), layers.get(i), shapes.get(i), shapes.get(i + 1)));
    }
    return placed;
  }

  /** Every variable of the model, in layer order. */
  public List<Weight> weights() {
    return placedLayers().stream().flatMap(l -> l.weights().stream()).toList();
  }

  public long parameters() {
    return placedLayers().stream().mapToLong(PlacedLayer::parameters).sum();
  }

  public long nonTrainableParameters() {
    return placedLayers().stream().mapToLong(PlacedLayer::nonTrainableParameters).sum();
  }

  public long trainableParameters() {
    return parameters() - nonTrainableParameters();
  }

  /** Keras-style layer names: conv2d, conv2d_1, dense, dense_1, ... in order. */
  public List<String> layerNames() {
    Map<String, Integer> seen = new HashMap<>();
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
