package org.fmnist.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipException;

/**
 * A file read as its decompressed content, with the SHA-256 of that content computed in the same
 * pass. Gzip is recognised by its magic bytes (1f 8b), not by the file name.
 */
final class DecompressedFile implements Closeable {
  private static final int BUFFER_SIZE = 1 << 16;
  private static final String GZIP_SUFFIX = ".gz";

  private final InputStream content;
  private final MessageDigest sha256;

  private DecompressedFile(InputStream content, MessageDigest sha256) {
    this.content = content;
    this.sha256 = sha256;
  }

  static DecompressedFile open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
    try {
      InputStream decompressed =
          startsWithGzipMagic(raw) ? new StrictGzipInputStream(raw, BUFFER_SIZE) : raw;
      MessageDigest sha256 = newSha256();
      return new DecompressedFile(new DigestInputStream(decompressed, sha256), sha256);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** SHA-256 (hex) of the decompressed content of {@code file}. */
  static String sha256Of(Path file) throws IOException {
    try (DecompressedFile in = open(file)) {
      in.stream().transferTo(OutputStream.nullOutputStream());
      return in.sha256();
    }
  }

  /** The name the file has once decompressed: its name without a ".gz" suffix. */
  static String contentName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(GZIP_SUFFIX)
        ? name.substring(0, name.length() - GZIP_SUFFIX.length())
        : name;
  }

  /** A one-line error for an I/O failure while reading {@code file}. */
  static DataException readFailure(Path file, IOException e) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "file not found";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof ZipException || e instanceof EOFException) {
      // Only the gzip layer throws these: the readers detect short content themselves.
      reason = "corrupt or truncated gzip data (" + e.getMessage() + ")";
    } else {
      reason = "cannot read: " + e.getMessage();
    }
    return new DataException(file + ": " + reason, e);
  }

  /** The decompressed content. */
  InputStream stream() {
    return content;
  }

  /**
   * SHA-256 (hex) of the content read so far: the file's digest once {@link #stream()} has been
   * read to its end. Call once.
   */
  String sha256() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  @Override
  public void close() throws IOException {
    content.close();
  }

  private static boolean startsWithGzipMagic(InputStream in) throws IOException {
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
