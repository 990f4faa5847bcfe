package org.fmnist.model;

import java.util.Locale;

/** Activation applied at the end of a Conv2D or Dense layer. */
public enum Activation {
  LINEAR,
  RELU;

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
