package org.fmnist.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip-compressed tar archive in the POSIX ustar format, holding folders and regular files with
 * names of at most 100 bytes: all an export needs, written with the JDK's gzip and no archive
 * library. Every reader (GNU tar, Python's tarfile, SageMaker's unpacking) reads ustar.
 */
final class TarGzWriter implements Closeable {
  private static final int BLOCK = 512;
  private static final int NAME_LENGTH = 100;

  private final GZIPOutputStream out;

  TarGzWriter(OutputStream target) throws IOException {
    this.out = new GZIPOutputStream(target, 1 << 16);
  }

  /** A folder entry; {@code name} ends with '/'. */
  void folder(String name, long modifiedSeconds) throws IOException {
    out.write(header(name, '5', 0755, 0, modifiedSeconds));
  }

  /** A regular file entry with the content of {@code source}. */
  void file(String name, Path source, long modifiedSeconds) throws IOException {
    long size = Files.size(source);
    out.write(header(name, '0', 0644, size, modifiedSeconds));
    long copied = Files.copy(source, out);
    if (copied != size) {
      throw new IOException(source + " changed while it was archived");
    }
    out.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
  }

  /** Ends the archive (two zero blocks) and the gzip stream, and closes the target. */
  @Override
  public void close() throws IOException {
    try (out) {
      out.write(new byte[2 * BLOCK]);
      out.finish();
    }
  }

  private static byte[] header(String name, char type, int mode, long size, long modifiedSeconds) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > NAME_LENGTH) {
      throw new IllegalArgumentException("archive entry name longer than " + NAME_LENGTH + " bytes: " + name);
    }
    byte[] header = new byte[BLOCK];
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0); // uid
    octal(header, 116, 8, 0); // gid
    octal(header, 124, 12, size);
    octal(header, 136, 12, modifiedSeconds);
    header[156] = (byte) type;
    ascii(header, 257, "ustar\0" + "00");
    ascii(header, 265, "root");
    ascii(header, 297, "root");
    // the checksum is the sum of the header's bytes with its own field read as spaces
    Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    octal(header, 148, 7, sum);
    return header;
  }

  /** A zero-padded octal number ending with NUL in {@code length} bytes. */
  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > length - 1) {
      throw new IllegalArgumentException("value too large for a tar header: " + value);
    }
    ascii(header, offset, "0".repeat(length - 1 - digits.length()) + digits + "\0");
  }

  private static void ascii(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
