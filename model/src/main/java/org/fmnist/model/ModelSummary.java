package org.fmnist.model;

import java.util.List;

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
    List<FeatureShape> shapes = spec.shapes();
    List<String> names = spec.layerNames();
    for (int i = 0; i < spec.layers().size(); i++) {
      LayerSpec layer = spec.layers().get(i);
      String type = layer.getClass().getSimpleName();
      out.append(
          row(
              names.get(i) + " (" + kerasType(type) + ")",
              shapes.get(i + 1).toString(),
              String.format("%,d", layer.parameters(shapes.get(i)))));
      out.append(i == spec.layers().size() - 1 ? DOUBLE_RULE : RULE).append('\n');
    }
    out.append(String.format("Total params: %,d%n", spec.parameters()));
    out.append(String.format("Trainable params: %,d%n", spec.trainableParameters()));
    out.append(String.format("Non-trainable params: %,d%n", spec.nonTrainableParameters()));
    return out.toString();
  }

  private static String kerasType(String recordName) {
    return switch (recordName) {
      case "MaxPool" -> "MaxPooling2D";
      case "BatchNorm" -> "BatchNormalization";
      case "Relu" -> "Activation";
      default -> recordName;
    };
  }

  private static String row(String layer, String shape, String params) {
    return String.format(" %-28s%-26s%s%n", layer, shape, params);
  }
}
