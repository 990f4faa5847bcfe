package org.fmnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the IDX files of one split (images: magic 0x00000803, count, 28, 28, pixels; labels: magic
 * 0x00000801, count, labels), gzipped or not. Returns the content digests without checking them.
 */
public final class IdxReader {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  /** The most images one Fashion-MNIST file holds (the training set): more is not this dataset. */
  static final int MAX_IMAGES = 60_000;

  private IdxReader() {}

  /** Reads a split; every malformed input is a one-line {@link DataException} naming the file. */
  public static DigestedSplit readSplit(Path imagesFile, Path labelsFile) {
    // the small label file first: the image header is checked against it before any pixel is read,
    // so a huge file with a lying header costs no memory
    Content labels = readLabels(labelsFile);
    Content images = readImages(imagesFile, labels.bytes().length, labelsFile);
    Map<String, String> checksums = new LinkedHashMap<>();
    checksums.put(DecompressedFile.contentName(imagesFile), images.sha256());
    checksums.put(DecompressedFile.contentName(labelsFile), labels.sha256());
    LabeledImages split = new LabeledImages(images.bytes(), labels.bytes());
    return new DigestedSplit(split, Collections.unmodifiableMap(checksums));
  }

  /** The body of an IDX file (everything after the header) and the digest of the whole file. */
  record Content(byte[] bytes, String sha256) {}

  /** The images of {@code file}, which must announce one per label of {@code labelsFile}. */
  static Content readImages(Path file, int labelCount, Path labelsFile) {
    try (DecompressedFile in = DecompressedFile.open(file)) {
      int[] sizes = readHeader(file, in.stream(), IMAGES_MAGIC, "image");
      if (sizes[0] != labelCount) {
        throw new DataException(
            String.format(Locale.ROOT,
                "%s holds %d images but %s holds %d labels",
                file, sizes[0], labelsFile, labelCount));
      }
      int rows = sizes[1];
      int cols = sizes[2];
      if (rows != LabeledImages.ROWS || cols != LabeledImages.COLS) {
        throw new DataException(
            String.format(Locale.ROOT, 
                "%s: images are %dx%d, expected %dx%d",
                file, rows, cols, LabeledImages.ROWS, LabeledImages.COLS));
      }
      byte[] pixels = readBody(file, in.stream(), sizes[0], LabeledImages.PIXELS, "images");
      return new Content(pixels, in.sha256());
    } catch (IOException e) {
      throw DecompressedFile.readFailure(file, e);
    }
  }

  static Content readLabels(Path file) {
    try (DecompressedFile in = DecompressedFile.open(file)) {
      int[] sizes = readHeader(file, in.stream(), LABELS_MAGIC, "label");
      byte[] labels = readBody(file, in.stream(), sizes[0], 1, "labels");
      for (int i = 0; i < labels.length; i++) {
        int label = labels[i] & 0xFF;
        if (label >= ClassNames.COUNT) {
          throw new DataException(
              String.format(Locale.ROOT, 
                  "%s: label %d at index %d is outside 0..%d",
                  file, label, i, ClassNames.COUNT - 1));
        }
      }
      return new Content(labels, in.sha256());
    } catch (IOException e) {
      throw DecompressedFile.readFailure(file, e);
    }
  }

  /**
   * Checks the magic number and returns the dimension sizes that follow it (count first). The low
   * byte of the magic number is the number of dimensions.
   */
  private static int[] readHeader(Path file, InputStream in, int expectedMagic, String kind)
      throws IOException {
    int magic = ByteBuffer.wrap(readHeaderBytes(file, in, 4)).getInt();
    if (magic != expectedMagic) {
      throw new DataException(
          String.format(Locale.ROOT, 
              "%s is not an IDX %s file: magic number 0x%08x, expected 0x%08x",
              file, kind, magic, expectedMagic));
    }
    int dimensions = magic & 0xFF;
    ByteBuffer sizes = ByteBuffer.wrap(readHeaderBytes(file, in, 4 * dimensions));
    int[] result = new int[dimensions];
    for (int i = 0; i < dimensions; i++) {
      result[i] = sizes.getInt();
    }
    return result;
  }

  private static byte[] readHeaderBytes(Path file, InputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new DataException(file + ": truncated IDX header");
    }
    return bytes;
  }

  private static byte[] readBody(Path file, InputStream in, int count, int itemBytes, String items)
      throws IOException {
    if (count < 0 || count > MAX_IMAGES) {
      throw new DataException(
          String.format(
              Locale.ROOT,
              "%s: header announces %d %s, not a valid count (Fashion-MNIST files hold at most %,d)",
              file, count, items, MAX_IMAGES));
    }
    int expected = count * itemBytes;
    // readNBytes(int) grows its buffer as data arrives, so a lying header cannot force a huge
    // allocation for a small file.
    byte[] body = in.readNBytes(expected);
    if (body.length < expected) {
      throw new DataException(
          String.format(Locale.ROOT, 
              "%s: truncated: header announces %d %s (%d bytes) but the file holds only %d",
              file, count, items, expected, body.length));
    }
    if (in.read() != -1) {
      throw new DataException(
          String.format(Locale.ROOT, 
              "%s: trailing garbage after the %d %s the header announces", file, count, items));
    }
    return body;
  }
}
