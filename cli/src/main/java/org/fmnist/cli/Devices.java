package org.fmnist.cli;

import java.util.Locale;
import org.fmnist.train.Device;

final class Devices {
  private Devices() {}

  static Device parse(String value) {
    try {
      return Device.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--device must be cpu, gpu or auto, not '" + value + "'");
    }
  }
}
