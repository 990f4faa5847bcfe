package org.fmnist.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the text form of a model: layer tokens separated by spaces or commas, fields by colons.
 *
 * <pre>
 *   conv:FILTERS:KERNEL[:same|valid][:sSTRIDE][:relu|linear]   (defaults: valid, s1, linear)
 *   maxpool:SIZE[:sSTRIDE]                                      (default stride = SIZE)
 *   dense:UNITS[:relu|linear]                                   (default linear)
 *   dropout:RATE   flatten   bn   relu
 * </pre>
 *
 * Example (the {@code cnn} preset with k=3): {@code conv:32:3:same:relu maxpool:2
 * conv:64:3:same:relu maxpool:2 flatten dense:64:relu dense:10}.
 */
public final class SpecParser {
  private SpecParser() {}

  public static ModelSpec parse(String name, String text) {
    String[] tokens = text.trim().split("[\\s,]+");
    List<LayerSpec> layers = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].isEmpty()) {
        continue;
      }
      try {
        layers.add(parseToken(tokens[i]));
      } catch (SpecException e) {
        throw new SpecException(
            "bad layer " + (i + 1) + " '" + tokens[i] + "' in spec: " + e.getMessage());
      }
    }
    try {
      return new ModelSpec(name, layers);
    } catch (SpecException e) {
      throw new SpecException("invalid spec '" + text.trim() + "': " + e.getMessage());
    }
  }

  private static LayerSpec parseToken(String token) {
    String[] f = token.toLowerCase(Locale.ROOT).split(":", -1);
    switch (f[0]) {
      case "conv":
        return parseConv(f);
      case "maxpool":
        {
          expectFields(f, 2, 3);
          int size = positive(f[1], "pool size");
          int stride = f.length == 3 ? stride(f[2]) : size;
          return new LayerSpec.MaxPool(size, stride);
        }
      case "dense":
        {
          expectFields(f, 2, 3);
          Activation a = f.length == 3 ? activation(f[2]) : Activation.LINEAR;
          return new LayerSpec.Dense(positive(f[1], "units"), a);
        }
      case "dropout":
        {
          expectFields(f, 2, 2);
          return new LayerSpec.Dropout(rate(f[1]));
        }
      case "flatten":
        expectFields(f, 1, 1);
        return new LayerSpec.Flatten();
      case "bn":
        expectFields(f, 1, 1);
        return new LayerSpec.BatchNorm();
      case "relu":
        expectFields(f, 1, 1);
        return new LayerSpec.Relu();
      default:
        throw new SpecException(
            "unknown layer '" + f[0] + "' (known: conv, maxpool, dense, dropout, flatten, bn, relu)");
    }
  }

  private static LayerSpec parseConv(String[] f) {
    expectFields(f, 3, 6);
    int filters = positive(f[1], "filters");
    int kernel = positive(f[2], "kernel size");
    Padding padding = Padding.VALID;
    int stride = 1;
    Activation activation = Activation.LINEAR;
    for (int i = 3; i < f.length; i++) {
      String option = f[i];
      if (option.equals("same") || option.equals("valid")) {
        padding = Padding.valueOf(option.toUpperCase(Locale.ROOT));
      } else if (option.startsWith("s")) {
        stride = stride(option);
      } else {
        activation = activation(option);
      }
    }
    return new LayerSpec.Conv2D(filters, kernel, stride, padding, activation);
  }

  private static void expectFields(String[] f, int min, int max) {
    int args = f.length - 1;
    if (args < min - 1 || args > max - 1) {
      String expected =
          min == max ? (min - 1) + "" : (min - 1) + " to " + (max - 1);
      throw new SpecException("'" + f[0] + "' takes " + expected + " fields, got " + args);
    }
  }

  private static int positive(String s, String what) {
    try {
      int v = Integer.parseInt(s);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SpecException(what + " must be a positive integer, not '" + s + "'");
  }

  private static int stride(String s) {
    if (!s.startsWith("s")) {
      throw new SpecException("stride must be written sN (e.g. s2), not '" + s + "'");
    }
    return positive(s.substring(1), "stride");
  }

  private static double rate(String s) {
    try {
      double r = Double.parseDouble(s);
      if (r >= 0 && r < 1) {
        return r;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SpecException("dropout rate must be in [0, 1), not '" + s + "'");
  }

  private static Activation activation(String s) {
    try {
      return Activation.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SpecException("unknown activation or option '" + s + "' (known: relu, linear)");
    }
  }
}
