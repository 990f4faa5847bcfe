package org.fmnist.data;

import static org.fmnist.data.DataAssertions.assertContains;
import static org.fmnist.data.DataAssertions.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final LabeledImages SAMPLE = TestData.images(20, 1);

  @TempDir Path dir;

  @Test
  void readsPlainFiles() {
    Path images = TestData.write(dir.resolve("images"), TestData.idxImages(SAMPLE));
    Path labels = TestData.write(dir.resolve("labels"), TestData.idxLabels(SAMPLE));

    DigestedSplit split = IdxReader.readSplit(images, labels);

    assertArrayEquals(SAMPLE.pixelBytes(), split.images().pixelBytes());
    assertArrayEquals(SAMPLE.labelBytes(), split.images().labelBytes());
    assertEquals(
        Map.of(
            "images", TestData.sha256(TestData.idxImages(SAMPLE)),
            "labels", TestData.sha256(TestData.idxLabels(SAMPLE))),
        split.checksums());
  }

  @Test
  void readsGzippedFilesAndDigestsTheDecompressedContent() {
    byte[] imagesGzip = TestData.gzip(TestData.idxImages(SAMPLE));
    byte[] labelsGzip = TestData.gzip(TestData.idxLabels(SAMPLE));
    Path images = TestData.write(dir.resolve("images.gz"), imagesGzip);
    Path labels = TestData.write(dir.resolve("labels.gz"), labelsGzip);

    DigestedSplit split = IdxReader.readSplit(images, labels);

    assertArrayEquals(SAMPLE.pixelBytes(), split.images().pixelBytes());
    assertArrayEquals(SAMPLE.labelBytes(), split.images().labelBytes());
    assertEquals(
        Map.of(
            "images", TestData.sha256(TestData.idxImages(SAMPLE)),
            "labels", TestData.sha256(TestData.idxLabels(SAMPLE))),
        split.checksums());
  }

  @Test
  void detectsGzipByContentNotByName() {
    Path gzippedWithoutSuffix =
        TestData.write(dir.resolve("images"), TestData.gzip(TestData.idxImages(SAMPLE)));
    Path plainWithSuffix = TestData.write(dir.resolve("labels.gz"), TestData.idxLabels(SAMPLE));

    DigestedSplit split = IdxReader.readSplit(gzippedWithoutSuffix, plainWithSuffix);

    assertArrayEquals(SAMPLE.pixelBytes(), split.images().pixelBytes());
    assertArrayEquals(SAMPLE.labelBytes(), split.images().labelBytes());
  }

  @Test
  void rejectsWrongMagicNumber() {
    Path labelsAsImages = TestData.write(dir.resolve("train-images"), TestData.idxLabels(SAMPLE));

    String message = failure(() -> images(labelsAsImages));

    assertContains(message, "train-images", "magic number 0x00000801", "expected 0x00000803");
  }

  @Test
  void rejectsWrongImageSize() {
    byte[] pixels = new byte[2 * 32 * 32];
    Path file = TestData.write(dir.resolve("big-images"), TestData.idxImages(2, 32, 32, pixels));

    String message = failure(() -> IdxReader.readImages(file, 2, dir.resolve("labels")));

    assertContains(message, "big-images", "32x32", "expected 28x28");
  }

  @Test
  void rejectsTruncatedImages() {
    byte[] full = TestData.idxImages(SAMPLE);
    Path file = TestData.write(dir.resolve("short"), Arrays.copyOf(full, full.length - 100));

    String message = failure(() -> images(file));

    assertContains(message, "short", "truncated", "20 images");
  }

  @Test
  void rejectsTruncatedHeader() {
    Path file = TestData.write(dir.resolve("tiny"), Arrays.copyOf(TestData.idxImages(SAMPLE), 10));

    assertContains(failure(() -> images(file)), "tiny", "truncated IDX header");
  }

  @Test
  void rejectsTrailingGarbage() {
    byte[] content = TestData.concat(TestData.idxLabels(SAMPLE), new byte[] {1, 2, 3});
    Path file = TestData.write(dir.resolve("labels"), content);

    assertContains(failure(() -> IdxReader.readLabels(file)), "labels", "trailing garbage");
  }

  @Test
  void rejectsLabelOutsideTheClasses() {
    byte[] labels = SAMPLE.labelBytes().clone();
    labels[3] = 12;
    Path file = TestData.write(dir.resolve("labels"), TestData.idxLabels(labels.length, labels));

    assertContains(
        failure(() -> IdxReader.readLabels(file)), "labels", "label 12 at index 3", "0..9");
  }

  @Test
  void rejectsCorruptGzip() {
    byte[] gzip = TestData.gzip(TestData.idxImages(SAMPLE));
    gzip[gzip.length / 2] ^= 0x55;
    gzip[gzip.length / 2 + 1] ^= 0x55;
    Path file = TestData.write(dir.resolve("images.gz"), gzip);

    assertContains(failure(() -> images(file)), "images.gz", "corrupt", "gzip");
  }

  @Test
  void rejectsTruncatedGzip() {
    byte[] gzip = TestData.gzip(TestData.idxImages(SAMPLE));
    Path file = TestData.write(dir.resolve("images.gz"), Arrays.copyOf(gzip, gzip.length / 2));

    assertContains(failure(() -> images(file)), "images.gz", "gzip");
  }

  @Test
  void rejectsBytesAfterTheGzipData() {
    byte[] gzip = TestData.gzip(TestData.idxLabels(SAMPLE));
    for (int junk : new int[] {3, 40, 200_000}) {
      Path file = TestData.write(dir.resolve("labels.gz"), TestData.concat(gzip, new byte[junk]));
      assertContains(failure(() -> IdxReader.readLabels(file)), "labels.gz", "gzip", "trailing bytes");
    }
    Path twoMembers =
        TestData.write(dir.resolve("two.gz"), TestData.concat(TestData.gzip(TestData.idxLabels(SAMPLE)), TestData.gzip(new byte[0])));
    assertArrayEquals(SAMPLE.labelBytes(), IdxReader.readLabels(twoMembers).bytes(), "gzip members may follow");
  }

  @Test
  void rejectsCountMismatchNamingBothFiles() {
    Path images = TestData.write(dir.resolve("the-images"), TestData.idxImages(SAMPLE));
    LabeledImages fewer = SAMPLE.first(19);
    Path labels = TestData.write(dir.resolve("the-labels"), TestData.idxLabels(fewer));

    String message = failure(() -> IdxReader.readSplit(images, labels));

    assertContains(message, "the-images", "20 images", "the-labels", "19 labels");
  }

  @Test
  void aHugeImageFileIsCheckedAgainstTheLabelsBeforeItsPixelsAreRead() throws Exception {
    long announced = 2_700_000;
    Path images = dir.resolve("huge-images");
    try (RandomAccessFile file = new RandomAccessFile(images.toFile(), "rw")) {
      file.write(java.nio.ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt((int) announced).putInt(28).putInt(28).array());
      file.setLength(16 + announced * LabeledImages.PIXELS); // sparse: 2.1 GB of zeros
    }
    Path labels = TestData.write(dir.resolve("labels"), TestData.idxLabels(SAMPLE));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    String message = failure(() -> IdxReader.readSplit(images, labels));

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertContains(message, "huge-images holds 2700000 images", "labels holds 20 labels");
    assertTrue(allocated < 64 << 20, "read no pixels: " + (allocated >> 20) + " MiB allocated");
  }

  @Test
  void aLabelFileAnnouncingMoreThanFashionMnistHoldsIsRefused() {
    byte[] header = java.nio.ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(2_700_000).array();
    Path labels = TestData.write(dir.resolve("labels"), header);

    assertContains(failure(() -> IdxReader.readLabels(labels)), "2700000 labels", "at most 60,000");
  }

  @Test
  void reportsMissingFile() {
    assertContains(
        failure(() -> images(dir.resolve("absent"))), "absent", "file not found");
  }

  /** The images of {@code file}, expected to match the labels of {@link #SAMPLE}. */
  private IdxReader.Content images(Path file) {
    return IdxReader.readImages(file, SAMPLE.size(), dir.resolve("labels"));
  }
}
