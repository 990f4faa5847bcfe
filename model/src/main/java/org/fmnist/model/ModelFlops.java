package org.fmnist.model;

import java.util.List;

/**
 * The floating-point operations of a model's matrix products per image, counted from its spec: 2
 * per multiply-add of every Conv2D and Dense layer (the element-wise work of biases, activations,
 * pooling, BatchNormalization and the optimizer is not counted; it is a few percent here). A
 * training step costs the forward pass, the weight gradients (as much again) and the input
 * gradients (as much again) of every layer except the first, whose input (the image) needs none.
 */
public record ModelFlops(long forward, long training) {

  public static ModelFlops of(ModelSpec spec) {
    List<FeatureShape> shapes = spec.shapes();
    long forward = 0;
    long firstInputGradient = -1;
    for (int i = 0; i < spec.layers().size(); i++) {
      long flops = 2 * multiplyAdds(spec.layers().get(i), shapes.get(i), shapes.get(i + 1));
      if (flops > 0 && firstInputGradient < 0) {
        firstInputGradient = flops;
      }
      forward += flops;
    }
    return new ModelFlops(forward, 3 * forward - Math.max(0, firstInputGradient));
  }

  private static long multiplyAdds(LayerSpec layer, FeatureShape in, FeatureShape out) {
    if (layer instanceof LayerSpec.Conv2D c) {
      return (long) out.height() * out.width() * c.filters() * c.kernel() * c.kernel() * in.channels();
    }
    if (layer instanceof LayerSpec.Dense d) {
      return (long) in.units() * d.units();
    }
    return 0; // no matrix product
  }
}
