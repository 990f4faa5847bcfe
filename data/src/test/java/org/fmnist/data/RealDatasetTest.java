package org.fmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the dataset installed by the Debian package {@code dataset-fashion-mnist}, when it is
 * installed: the one test of that folder (every other test reads the shipped copy).
 */
class RealDatasetTest {
  @TempDir Path emptyLocalDir;

  @Test
  void loadsTheOfficialDatasetFromTheDebianFolder() {
    boolean installed = Files.isDirectory(DatasetLocator.DEBIAN_DIR);
    String reason = "skipped: no " + DatasetLocator.DEBIAN_DIR + " (apt-get install -y dataset-fashion-mnist)";
    if (!installed) {
      System.err.println("RealDatasetTest " + reason);
    }
    assumeTrue(installed, reason);
    DatasetLocator locator =
        new DatasetLocator(
            emptyLocalDir, DatasetLocator.DEBIAN_DIR, ExpectedChecksums.official(), null);
    List<String> log = new ArrayList<>();

    FashionMnist data = locator.load(null, false, log::add);

    assertEquals(DatasetLocator.DEBIAN_DIR, data.source());
    assertEquals(60_000, data.train().size());
    assertEquals(10_000, data.test().size());
    int[] trainPerClass = new int[ClassNames.COUNT];
    int[] testPerClass = new int[ClassNames.COUNT];
    Arrays.fill(trainPerClass, 6_000);
    Arrays.fill(testPerClass, 1_000);
    assertArrayEquals(trainPerClass, data.train().classCounts());
    assertArrayEquals(testPerClass, data.test().classCounts());
    assertEquals(
        Map.of(
            "train-images-idx3-ubyte",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        data.checksums());
    assertEquals("Ankle boot", ClassNames.of(data.train().label(0)));
    assertEquals(9, data.train().label(0));
    assertEquals(9, data.test().label(0));
  }
}
