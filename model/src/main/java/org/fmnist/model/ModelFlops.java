package org.fmnist.model;

/**
 * The floating-point operations of a model's matrix products per image, counted from its spec: 2
 * per multiply-add of every Conv2D and Dense layer (the element-wise work of biases, activations,
 * pooling, BatchNormalization and the optimizer is not counted; it is a few percent here). A
 * training step costs the forward pass, the weight gradients (as much again) and the input
 * gradients (as much again) of every layer except the first, whose input (the image) needs none.
 */
public record ModelFlops(long forward, long training) {

  public static ModelFlops of(ModelSpec spec) {
    long forward = 0;
    long firstInputGradient = -1;
    for (PlacedLayer layer : spec.placedLayers()) {
      long flops = 2 * layer.spec().accept(new MultiplyAdds(layer.input(), layer.output()));
      if (flops > 0 && firstInputGradient < 0) {
        firstInputGradient = flops;
      }
      forward += flops;
    }
    return new ModelFlops(forward, 3 * forward - Math.max(0, firstInputGradient));
  }

  /** The multiply-adds of one layer's matrix product; 0 for layers without one. */
  private record MultiplyAdds(FeatureShape in, FeatureShape out) implements LayerSpec.Visitor<Long> {
    @Override
    public Long conv2d(LayerSpec.Conv2D c) {
      return (long) out.height() * out.width() * c.filters() * c.kernel() * c.kernel() * in.channels();
    }

    @Override
    public Long dense(LayerSpec.Dense d) {
      return (long) in.units() * d.units();
    }

    @Override
    public Long maxPool(LayerSpec.MaxPool layer) {
      return 0L;
    }

    @Override
    public Long flatten(LayerSpec.Flatten layer) {
      return 0L;
    }

    @Override
    public Long dropout(LayerSpec.Dropout layer) {
      return 0L;
    }

    @Override
    public Long batchNorm(LayerSpec.BatchNorm layer) {
      return 0L;
    }

    @Override
    public Long relu(LayerSpec.Relu layer) {
      return 0L;
    }
  }
}
