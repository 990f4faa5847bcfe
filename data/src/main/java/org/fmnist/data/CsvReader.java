package org.fmnist.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads a split in the Kaggle CSV layout: a header {@code label,pixel1,...,pixel784}, then one
 * image per line. Gzipped or not. Parses bytes directly, since splitting 60,000 lines of 785 fields
 * into Strings would dominate the load time.
 */
public final class CsvReader {
  static final String HEADER =
      IntStream.rangeClosed(1, LabeledImages.PIXELS)
          .mapToObj(i -> "pixel" + i)
          .collect(Collectors.joining(",", "label,", ""));

  private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
  private static final int COLUMNS = 1 + LabeledImages.PIXELS;
  private static final int MAX_PIXEL = 255;
  private static final int MAX_QUOTED_HEADER = 60;

  private CsvReader() {}

  /** Reads a split; malformed input is a one-line {@link DataException} with file and line. */
  public static DigestedSplit read(Path file) {
    try (DecompressedFile in = DecompressedFile.open(file)) {
      LineReader lines = new LineReader(in.stream());
      checkHeader(file, lines);
      ByteArrayOutputStream pixels = new ByteArrayOutputStream(1 << 20);
      ByteArrayOutputStream labels = new ByteArrayOutputStream(1 << 10);
      byte[] row = new byte[LabeledImages.PIXELS];
      while (lines.next()) {
        if (lines.length > 0) {
          labels.write(parseRow(file, lines, row));
          pixels.write(row);
        }
      }
      if (labels.size() == 0) {
        throw new DataException(file + ": no data lines after the header");
      }
      return new DigestedSplit(
          new LabeledImages(pixels.toByteArray(), labels.toByteArray()),
          Map.of(DecompressedFile.contentName(file), in.sha256()));
    } catch (IOException e) {
      throw DecompressedFile.readFailure(file, e);
    }
  }

  private static void checkHeader(Path file, LineReader lines) throws IOException {
    if (!lines.next()) {
      throw new DataException(file + ": empty file, expected the header " + shortHeader());
    }
    if (Arrays.equals(lines.line, 0, lines.length, HEADER_BYTES, 0, HEADER_BYTES.length)) {
      return;
    }
    if (lines.length > 0 && isDigit(lines.line[0])) {
      throw new DataException(
          file + " line 1: missing header, expected " + shortHeader() + " before the data");
    }
    String found = new String(lines.line, 0, lines.length, StandardCharsets.UTF_8);
    if (found.length() > MAX_QUOTED_HEADER) {
      found = found.substring(0, MAX_QUOTED_HEADER) + "...";
    }
    throw new DataException(
        file + " line 1: unknown header \"" + found + "\", expected " + shortHeader());
  }

  private static String shortHeader() {
    return "\"label,pixel1,...,pixel" + LabeledImages.PIXELS + "\"";
  }

  /** Parses the current line into {@code pixels} and returns its label. */
  private static byte parseRow(Path file, LineReader lines, byte[] pixels) {
    byte[] line = lines.line;
    int length = lines.length;
    int columns = 1;
    for (int i = 0; i < length; i++) {
      if (line[i] == ',') {
        columns++;
      }
    }
    if (columns != COLUMNS) {
      throw new DataException(
          String.format(Locale.ROOT, 
              "%s line %d: %d columns, expected %d", file, lines.number, columns, COLUMNS));
    }
    byte label = 0;
    int column = 0;
    int start = 0;
    for (int i = 0; i <= length; i++) {
      if (i == length || line[i] == ',') {
        if (column == 0) {
          label = (byte) parseValue(file, lines, column, start, i, ClassNames.COUNT - 1);
        } else {
          pixels[column - 1] = (byte) parseValue(file, lines, column, start, i, MAX_PIXEL);
        }
        column++;
        start = i + 1;
      }
    }
    return label;
  }

  private static int parseValue(
      Path file, LineReader lines, int column, int start, int end, int max) {
    int value = 0;
    for (int i = start; i < end && value <= max; i++) {
      byte c = lines.line[i];
      if (!isDigit(c)) {
        value = -1;
        break;
      }
      value = value * 10 + (c - '0');
    }
    if (end > start && value >= 0 && value <= max) {
      return value;
    }
    String text = new String(lines.line, start, end - start, StandardCharsets.UTF_8);
    String columnName = column == 0 ? "label" : "pixel" + column;
    String problem =
        text.matches("-?[0-9]+")
            ? text + " is outside 0.." + max
            : "\"" + text + "\" is not an integer";
    throw new DataException(
        String.format(Locale.ROOT, 
            "%s line %d, column %d (%s): %s", file, lines.number, column + 1, columnName, problem));
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** Splits a byte stream into lines (without "\n" or "\r\n"), counting them from 1. */
  private static final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;

    byte[] line = new byte[4096];
    int length;
    int number;

    LineReader(InputStream in) {
      this.in = in;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
      length = 0;
      boolean readAnything = false;
      while (true) {
        if (position == limit) {
          limit = Math.max(0, in.read(buffer));
          position = 0;
          if (limit == 0) {
            if (!readAnything) {
              return false;
            }
            break;
          }
        }
        readAnything = true;
        int start = position;
        while (position < limit && buffer[position] != '\n') {
          position++;
        }
        append(start, position - start);
        if (position < limit) {
          position++;
          break;
        }
      }
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      number++;
      return true;
    }

    private void append(int from, int count) {
      if (length + count > line.length) {
        line = Arrays.copyOf(line, Math.max(2 * line.length, length + count));
      }
      System.arraycopy(buffer, from, line, length, count);
      length += count;
    }
  }
}
