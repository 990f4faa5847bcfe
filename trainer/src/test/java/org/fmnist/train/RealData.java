package org.fmnist.train;

import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;

/** The real dataset, loaded once per test JVM (CI installs the Debian package). */
final class RealData {
  private static FashionMnist data;

  private RealData() {}

  static synchronized FashionMnist get() {
    if (data == null) {
      data = new DatasetLocator().load(null, false, line -> {});
    }
    return data;
  }

  /** The dataset with only the first {@code train} training and {@code test} test images. */
  static FashionMnist slice(int train, int test) {
    FashionMnist all = get();
    return new FashionMnist(all.train().first(train), all.test().first(test), all.source(), all.checksums());
  }
}
