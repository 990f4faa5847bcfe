package org.fmnist.model;

import java.util.List;
import java.util.Locale;

/** Keras's {@code model.summary()} table for a {@link ModelSpec}. */
public final class ModelSummary {
  private static final String RULE = "_".repeat(65);
  private static final String DOUBLE_RULE = "=".repeat(65);

  private ModelSummary() {}

  public static String of(ModelSpec spec) {
    StringBuilder out = new StringBuilder();
    out.append("Model: \"").append(spec.name()).append("\"\n");
    out.append(RULE).append('\n');
    out.append(row("Layer (type)", "Output Shape", "Param #"));
    out.append(DOUBLE_RULE).append('\n');
    List<PlacedLayer> layers = spec.placedLayers();
    for (PlacedLayer layer : layers) {
      out.append(
          row(
              layer.name() + " (" + layer.spec().kerasType() + ")",
              layer.output().toString(),
              grouped(layer.parameters())));
      out.append(layer.index() == layers.size() - 1 ? DOUBLE_RULE : RULE).append('\n');
    }
    out.append("Total params: ").append(grouped(spec.parameters())).append('\n');
    out.append("Trainable params: ").append(grouped(spec.trainableParameters())).append('\n');
    out.append("Non-trainable params: ").append(grouped(spec.nonTrainableParameters())).append('\n');
    return out.toString();
  }

  /** Keras's thousands separator, whatever the default locale: {@code 303,434}. */
  private static String grouped(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  private static String row(String layer, String shape, String params) {
    return String.format(Locale.ROOT, " %-28s%-26s%s%n", layer, shape, params);
  }
}
