package org.fmnist.data;

import static org.fmnist.data.DataAssertions.assertContains;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetInfoTest {
  @Test
  void describesSourceCountsPerClassAndChecksums() {
    Map<String, String> checksums = new LinkedHashMap<>();
    String officialDigest = ExpectedChecksums.official().of(DatasetFiles.TRAIN_IMAGES);
    checksums.put(DatasetFiles.TRAIN_IMAGES, officialDigest);
    checksums.put("fashion-mnist_test.csv", "ab12");
    FashionMnist data =
        new FashionMnist(
            TestData.images(25, 9), TestData.images(12, 10), Path.of("/some/folder"), checksums);

    String info = DatasetInfo.describe(data);

    assertContains(
        info,
        "Source: /some/folder",
        "Images: 25 train, 12 test",
        "    0  T-shirt/top        3       2\n",
        "    4  Coat               3       1\n",
        "    9  Ankle boot         2       1\n",
        DatasetFiles.TRAIN_IMAGES + "  " + officialDigest + "  (official)\n",
        "fashion-mnist_test.csv   ab12\n");
  }
}
