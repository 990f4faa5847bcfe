package org.fmnist.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;

/** The real dataset (Debian's dataset-fashion-mnist), loaded once for the training tests. */
final class RealSlices {
  private static FashionMnist data;

  private RealSlices() {}

  static synchronized FashionMnist load() {
    assumeTrue(
        Files.isDirectory(DatasetLocator.DEBIAN_DIR),
        "needs `apt-get install -y dataset-fashion-mnist`");
    if (data == null) {
      data = new DatasetLocator().load(DatasetLocator.DEBIAN_DIR, false, line -> {});
    }
    return data;
  }
}
