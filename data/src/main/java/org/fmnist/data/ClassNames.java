package org.fmnist.data;

import java.util.List;

/** The ten Fashion-MNIST classes, indexed by label. */
public final class ClassNames {
  public static final List<String> ALL =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  public static final int COUNT = ALL.size();

  private ClassNames() {}

  public static String of(int label) {
    return ALL.get(label);
  }
}
