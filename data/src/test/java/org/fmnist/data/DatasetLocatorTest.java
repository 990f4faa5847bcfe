package org.fmnist.data;

import static org.fmnist.data.DataAssertions.assertContains;
import static org.fmnist.data.DataAssertions.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  private static final LabeledImages TRAIN = TestData.images(20, 5);
  private static final LabeledImages TEST = TestData.images(10, 6);
  private static final Map<String, byte[]> FILES = TestData.idxFiles(TRAIN, TEST);
  private static final ExpectedChecksums CHECKSUMS = TestData.checksumsOf(FILES);
  /** Another dataset, whose checksums {@link #CHECKSUMS} rejects. */
  private static final Map<String, byte[]> OTHER_FILES =
      TestData.idxFiles(TestData.images(30, 7), TestData.images(10, 8));

  @TempDir Path root;
  private final List<String> log = new ArrayList<>();

  @Test
  void prefersTheLocalFolderOverTheDebianOne() {
    TestData.writeAll(local(), FILES, true);
    TestData.writeAll(debian(), OTHER_FILES, true);

    FashionMnist data = locator(CHECKSUMS).load(null, false, log::add);

    assertEquals(local(), data.source());
    assertArrayEquals(TRAIN.pixelBytes(), data.train().pixelBytes());
    assertArrayEquals(TEST.labelBytes(), data.test().labelBytes());
  }

  @Test
  void fallsBackToTheDebianFolder() {
    TestData.writeAll(debian(), FILES, true);

    FashionMnist data = locator(CHECKSUMS).load(null, false, log::add);

    assertEquals(debian(), data.source());
    assertEquals(20, data.train().size());
    assertContains(String.join("\n", log), "Reading Fashion-MNIST (IDX) from " + debian());
  }

  @Test
  void searchesOnlyTheExplicitFolder() {
    TestData.writeAll(local(), FILES, true);
    TestData.writeAll(debian(), FILES, true);
    Path explicit = root.resolve("explicit");

    String message = failure(() -> locator(CHECKSUMS).load(explicit, false, log::add));

    assertContains(message, explicit.toString(), "does not exist", "--download");
    assertFalse(message.contains(local().toString()), message);
    assertFalse(message.contains(debian().toString()), message);
  }

  @Test
  void loadsTheExplicitFolder() {
    Path explicit = root.resolve("explicit");
    TestData.writeAll(explicit, FILES, false);
    TestData.writeAll(local(), OTHER_FILES, false);

    FashionMnist data = locator(CHECKSUMS).load(explicit, false, log::add);

    assertEquals(explicit, data.source());
    assertArrayEquals(TRAIN.pixelBytes(), data.train().pixelBytes());
  }

  @Test
  void acceptsAMixOfPlainAndGzippedFilesAndRecordsTheirChecksums() {
    Map<String, byte[]> gzipped = new LinkedHashMap<>(FILES);
    byte[] trainImages = gzipped.remove(DatasetFiles.TRAIN_IMAGES);
    TestData.writeAll(local(), Map.of(DatasetFiles.TRAIN_IMAGES, trainImages), false);
    TestData.writeAll(local(), gzipped, true);

    FashionMnist data = locator(CHECKSUMS).load(null, false, log::add);

    Map<String, String> expected = new HashMap<>();
    FILES.forEach((name, content) -> expected.put(name, TestData.sha256(content)));
    assertEquals(expected, data.checksums());
  }

  @Test
  void aBadPlainFileBesideAGoodGzippedOneIsNamedAsTheOneRead() {
    TestData.writeAll(local(), FILES, true);
    TestData.writeAll(local(), Map.of(DatasetFiles.TRAIN_LABELS, new byte[] {1, 2, 3}), false);

    String message = failure(() -> locator(CHECKSUMS).load(null, false, log::add));

    assertContains(message, DatasetFiles.TRAIN_LABELS);
    assertTrue(
        log.contains(
            "  reading " + DatasetFiles.TRAIN_LABELS + ", not the " + DatasetFiles.TRAIN_LABELS + ".gz beside it"),
        log.toString());
  }

  @Test
  void readsTheCsvFilesWhenThereAreNoIdxFiles() {
    byte[] trainCsv = TestData.csv(TRAIN);
    TestData.write(local().resolve("fashion-mnist_train.csv.gz"), TestData.gzip(trainCsv));
    TestData.write(local().resolve("fashion-mnist_test.csv"), TestData.csv(TEST));

    FashionMnist data = locator(CHECKSUMS).load(null, false, log::add);

    assertArrayEquals(TRAIN.pixelBytes(), data.train().pixelBytes());
    assertArrayEquals(TEST.labelBytes(), data.test().labelBytes());
    assertEquals(TestData.sha256(trainCsv), data.checksums().get("fashion-mnist_train.csv"));
  }

  @Test
  void refusesIdxFilesThatAreNotTheExpectedOnes() {
    TestData.writeAll(local(), OTHER_FILES, true);

    String message = failure(() -> locator(CHECKSUMS).load(null, false, log::add));

    assertContains(
        message,
        "checksum mismatch for " + local().resolve(DatasetFiles.TRAIN_IMAGES + ".gz"),
        "got " + TestData.sha256(OTHER_FILES.get(DatasetFiles.TRAIN_IMAGES)),
        "expected " + CHECKSUMS.of(DatasetFiles.TRAIN_IMAGES),
        "fmnist data fetch");
  }

  @Test
  void notFoundListsEveryFolderAndHowToGetTheData() throws Exception {
    Files.createDirectories(debian());
    TestData.write(debian().resolve(DatasetFiles.TRAIN_IMAGES + ".gz"), new byte[0]);

    String message = failure(() -> locator(CHECKSUMS).load(null, false, log::add));

    assertContains(
        message,
        local() + " (does not exist)",
        debian() + " (lacks " + DatasetFiles.TRAIN_LABELS + "[.gz]",
        "apt-get install -y dataset-fashion-mnist",
        "fmnist data fetch",
        "--download");
  }

  @Test
  void downloadsIntoTheLocalFolderWhenAskedAndNothingIsFound() {
    try (LocalHttpServer server = new LocalHttpServer()) {
      FILES.forEach((name, content) -> server.serve(name + ".gz", TestData.gzip(content)));
      DatasetDownloader downloader = new DatasetDownloader(server.baseUri(), CHECKSUMS, null);
      DatasetLocator locator = new DatasetLocator(local(), debian(), CHECKSUMS, downloader);

      FashionMnist data = locator.load(null, true, log::add);

      assertEquals(local(), data.source());
      assertArrayEquals(TRAIN.pixelBytes(), data.train().pixelBytes());
      assertEquals(4, server.requests().size());
    }
  }

  private Path local() {
    return root.resolve("work/data/fashion-mnist");
  }

  private Path debian() {
    return root.resolve("usr/share/datasets/fashion-mnist");
  }

  /** A locator on the test folders whose downloader must not be used. */
  private DatasetLocator locator(ExpectedChecksums checksums) {
    DatasetDownloader unused =
        new DatasetDownloader(URI.create("http://127.0.0.1:9/"), checksums, null);
    return new DatasetLocator(local(), debian(), checksums, unused);
  }
}
