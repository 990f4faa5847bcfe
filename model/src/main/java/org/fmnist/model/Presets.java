package org.fmnist.model;

import java.util.List;

/** The named models of {@code --model}, written in the text form of {@link SpecParser}. */
public final class Presets {
  public static final List<String> NAMES =
      List.of("baseline", "cnn", "mlp-dropout", "cnn-dropout", "cnn-small", "cnn-bn", "cnn-bn-small", "cnn-bn-strided",
          "vgg-bn");

  private Presets() {}

  /**
   * The preset {@code name}; {@code kernelSize} applies to {@code cnn} only (3, 5 or 7 in the
   * kernel-size experiment, any positive odd or even size works).
   */
  public static ModelSpec get(String name, int kernelSize) {
    String text =
        switch (name) {
          case "baseline" -> "flatten dense:128:relu dense:10";
          case "cnn" -> "conv:32:K:same:relu maxpool:2 conv:64:K:same:relu maxpool:2 flatten"
              + " dense:64:relu dense:10";
          case "mlp-dropout" -> "flatten dense:128:relu dropout:0.2 dense:64:relu dropout:0.2"
              + " dense:10";
          case "cnn-dropout" -> "conv:32:3:same:relu maxpool:2 conv:64:3:same:relu maxpool:2"
              + " flatten dense:128:relu dropout:0.3 dense:10";
          case "cnn-small" -> "conv:16:3:same:relu maxpool:2 conv:32:3:same:relu maxpool:2"
              + " flatten dense:128:relu dense:10";
          case "cnn-bn" -> "conv:32:3:valid bn relu conv:32:3:valid bn relu maxpool:2"
              + " conv:64:3:valid bn relu conv:64:3:valid bn relu maxpool:2"
              + " flatten dense:128:relu dropout:0.3 dense:10";
          case "cnn-bn-small" -> "conv:32:3:valid bn relu maxpool:2 conv:64:3:valid bn relu maxpool:2"
              + " flatten dense:256:relu dense:10";
          case "cnn-bn-strided" -> "conv:32:5:same:s2 bn relu conv:64:3:valid maxpool:2 bn relu"
              + " flatten dense:256:relu dense:10";
          case "vgg-bn" -> "conv:32:3:valid bn relu conv:32:3:valid bn relu maxpool:2"
              + " conv:64:3:valid bn relu conv:64:3:valid bn relu maxpool:2"
              + " flatten dense:512 bn relu dropout:0.3 dense:10";
          default -> throw new SpecException(
              "unknown model '" + name + "' (presets: " + String.join(", ", NAMES) + ")");
        };
    String displayName = name.equals("cnn") ? "cnn-k" + kernelSize : name;
    return SpecParser.parse(displayName, text.replace("K", Integer.toString(kernelSize)));
  }
}
