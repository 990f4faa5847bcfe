package org.fmnist.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the IDX reader: any bytes, plain or gzipped, either give a split or
 * a {@link DataException}; nothing else escapes (no Error, NPE, index or arithmetic exception).
 */
class IdxReaderFuzzTest {
  /**
   * The input is one split: a flag byte (odd = gzip both files), the label file's length as two
   * big-endian bytes, the label file, then the image file.
   */
  @FuzzTest(maxDuration = "60s")
  void readSplit(byte[] input) {
    if (input.length < 3 || input.length > FuzzFiles.MAX_BYTES) {
      return;
    }
    boolean gzip = (input[0] & 1) == 1;
    int labelsLength = Math.min(((input[1] & 0xFF) << 8) | (input[2] & 0xFF), input.length - 3);
    byte[] labels = Arrays.copyOfRange(input, 3, 3 + labelsLength);
    byte[] images = Arrays.copyOfRange(input, 3 + labelsLength, input.length);
    try {
      IdxReader.readSplit(
          FuzzFiles.write("images-idx3-ubyte", gzip ? TestData.gzip(images) : images),
          FuzzFiles.write("labels-idx1-ubyte", gzip ? TestData.gzip(labels) : labels));
    } catch (DataException expected) {
      // a one-line user error is the reader's answer to bad bytes
    }
  }

  /** Raw bytes as a {@code .gz} file: damaged gzip framing (bad CRC, trailing junk) included. */
  @FuzzTest(maxDuration = "60s")
  void readGzipBytes(byte[] labelsGz) {
    if (labelsGz.length > FuzzFiles.MAX_BYTES) {
      return;
    }
    try {
      IdxReader.readLabels(FuzzFiles.write("labels-idx1-ubyte.gz", labelsGz));
    } catch (DataException expected) {
      // a one-line user error is the reader's answer to bad bytes
    }
  }
}
