package org.fmnist.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small generated datasets in the IDX and CSV layouts, for tests. */
final class TestData {
  private TestData() {}

  /** {@code count} images of random pixels, labelled 0, 1, ..., 9, 0, ... */
  static LabeledImages images(int count, long seed) {
    byte[] pixels = new byte[count * LabeledImages.PIXELS];
    new Random(seed).nextBytes(pixels);
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % ClassNames.COUNT);
    }
    return new LabeledImages(pixels, labels);
  }

  static byte[] idxImages(LabeledImages images) {
    return idxImages(images.size(), LabeledImages.ROWS, LabeledImages.COLS, images.pixelBytes());
  }

  static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
    return concat(ints(IdxReader.IMAGES_MAGIC, count, rows, cols), pixels);
  }

  static byte[] idxLabels(LabeledImages images) {
    return idxLabels(images.size(), images.labelBytes());
  }

  static byte[] idxLabels(int count, byte[] labels) {
    return concat(ints(IdxReader.LABELS_MAGIC, count), labels);
  }

  /** The four IDX files of a dataset, by decompressed name, uncompressed. */
  static Map<String, byte[]> idxFiles(LabeledImages train, LabeledImages test) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(DatasetFiles.TRAIN_IMAGES, idxImages(train));
    files.put(DatasetFiles.TRAIN_LABELS, idxLabels(train));
    files.put(DatasetFiles.TEST_IMAGES, idxImages(test));
    files.put(DatasetFiles.TEST_LABELS, idxLabels(test));
    return files;
  }

  /** Checksums that the given files match, as the table a test's loader enforces. */
  static ExpectedChecksums checksumsOf(Map<String, byte[]> files) {
    Map<String, String> table = new LinkedHashMap<>();
    files.forEach((name, content) -> table.put(name, sha256(content)));
    return new ExpectedChecksums(table);
  }

  /** Writes the files into {@code dir}, as "name.gz" when {@code gzip}. */
  static void writeAll(Path dir, Map<String, byte[]> files, boolean gzip) {
    files.forEach(
        (name, content) ->
            write(dir.resolve(gzip ? name + ".gz" : name), gzip ? gzip(content) : content));
  }

  static byte[] csv(LabeledImages images) {
    StringBuilder text = new StringBuilder(CsvReader.HEADER).append('\n');
    for (int i = 0; i < images.size(); i++) {
      text.append(images.label(i));
      for (int p = 0; p < LabeledImages.PIXELS; p++) {
        text.append(',').append(images.pixel(i, p));
      }
      text.append('\n');
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] result = new byte[first.length + second.length];
    System.arraycopy(first, 0, result, 0, first.length);
    System.arraycopy(second, 0, result, first.length, second.length);
    return result;
  }

  private static byte[] ints(int... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
    for (int value : values) {
      buffer.putInt(value);
    }
    return buffer.array();
  }
}
