package org.fmnist.data;

import static org.fmnist.data.DataAssertions.assertContains;
import static org.fmnist.data.DataAssertions.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  private static final LabeledImages SAMPLE = TestData.images(12, 2);

  @TempDir Path dir;

  @Test
  void readsPlainCsvAndRecordsItsDigest() {
    byte[] csv = TestData.csv(SAMPLE);
    Path file = TestData.write(dir.resolve("fashion-mnist_train.csv"), csv);

    DigestedSplit split = CsvReader.read(file);

    assertArrayEquals(SAMPLE.pixelBytes(), split.images().pixelBytes());
    assertArrayEquals(SAMPLE.labelBytes(), split.images().labelBytes());
    assertEquals(Map.of("fashion-mnist_train.csv", TestData.sha256(csv)), split.checksums());
  }

  @Test
  void readsGzippedCsvAndDigestsTheDecompressedContent() {
    byte[] csv = TestData.csv(SAMPLE);
    Path file = TestData.write(dir.resolve("fashion-mnist_test.csv.gz"), TestData.gzip(csv));

    DigestedSplit split = CsvReader.read(file);

    assertArrayEquals(SAMPLE.pixelBytes(), split.images().pixelBytes());
    assertArrayEquals(SAMPLE.labelBytes(), split.images().labelBytes());
    assertEquals(Map.of("fashion-mnist_test.csv", TestData.sha256(csv)), split.checksums());
  }

  @Test
  void acceptsWindowsLineEndingsAndNoFinalNewline() {
    String text = new String(TestData.csv(SAMPLE), StandardCharsets.US_ASCII);
    String crlf = text.strip().replace("\n", "\r\n");
    Path file = TestData.write(dir.resolve("crlf.csv"), ascii(crlf));

    DigestedSplit split = CsvReader.read(file);

    assertArrayEquals(SAMPLE.pixelBytes(), split.images().pixelBytes());
    assertArrayEquals(SAMPLE.labelBytes(), split.images().labelBytes());
  }

  @Test
  void rejectsWrongColumnCount() {
    Path file = writeWithLine(4, line -> line.substring(0, line.lastIndexOf(',')));

    assertContains(
        failure(() -> CsvReader.read(file)), "bad.csv", "line 4: 784 columns, expected 785");
  }

  @Test
  void rejectsNonIntegerValue() {
    Path file = writeWithLine(3, line -> line.replaceFirst(",[0-9]+,", ",1x,"));

    assertContains(
        failure(() -> CsvReader.read(file)),
        "bad.csv",
        "line 3, column 2 (pixel1)",
        "\"1x\" is not an integer");
  }

  @Test
  void rejectsPixelOutOfRange() {
    Path file = writeWithLine(2, line -> line.substring(0, line.lastIndexOf(',')) + ",256");

    assertContains(
        failure(() -> CsvReader.read(file)),
        "line 2, column 785 (pixel784)",
        "256 is outside 0..255");
  }

  @Test
  void rejectsNegativePixel() {
    Path file = writeWithLine(2, line -> line.replaceFirst(",[0-9]+,", ",-3,"));

    assertContains(failure(() -> CsvReader.read(file)), "line 2, column 2", "-3 is outside 0..255");
  }

  @Test
  void rejectsLabelOutOfRange() {
    Path file = writeWithLine(6, line -> "10" + line.substring(line.indexOf(',')));

    assertContains(
        failure(() -> CsvReader.read(file)), "line 6, column 1 (label)", "10 is outside 0..9");
  }

  @Test
  void rejectsMissingHeader() {
    String text = new String(TestData.csv(SAMPLE), StandardCharsets.US_ASCII);
    String withoutHeader = text.substring(text.indexOf('\n') + 1);
    Path file = TestData.write(dir.resolve("bad.csv"), ascii(withoutHeader));

    assertContains(failure(() -> CsvReader.read(file)), "bad.csv", "line 1: missing header");
  }

  @Test
  void rejectsUnknownHeader() {
    String text = new String(TestData.csv(SAMPLE), StandardCharsets.US_ASCII);
    String renamed = text.replaceFirst("^label", "class");
    Path file = TestData.write(dir.resolve("bad.csv"), ascii(renamed));

    assertContains(
        failure(() -> CsvReader.read(file)), "bad.csv", "line 1: unknown header \"class,pixel1");
  }

  @Test
  void rejectsEmptyFileAndHeaderOnly() {
    Path empty = TestData.write(dir.resolve("empty.csv"), new byte[0]);
    Path headerOnly = TestData.write(dir.resolve("header.csv"), ascii(CsvReader.HEADER + "\n"));

    assertContains(failure(() -> CsvReader.read(empty)), "empty.csv", "empty file");
    assertContains(failure(() -> CsvReader.read(headerOnly)), "header.csv", "no data lines");
  }

  /** Writes the sample as "bad.csv", with line {@code number} (1 is the header) rewritten. */
  private Path writeWithLine(int number, UnaryOperator<String> rewrite) {
    String[] lines = new String(TestData.csv(SAMPLE), StandardCharsets.US_ASCII).split("\n");
    lines[number - 1] = rewrite.apply(lines[number - 1]);
    String text = String.join("\n", lines) + "\n";
    return TestData.write(dir.resolve("bad.csv"), ascii(text));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
