package org.fmnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip stream that refuses bytes after its last member: {@link GZIPInputStream} reads following
 * members but silently drops anything else (a file with junk appended would pass). At the end it
 * checks that nothing but the 8-byte trailer is left in the inflater's input and in the file.
 */
final class StrictGzipInputStream extends GZIPInputStream {
  private static final int TRAILER_BYTES = 8;

  private boolean endChecked;

  StrictGzipInputStream(InputStream in, int size) throws IOException {
    super(in, size);
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n == -1 && !endChecked) {
      endChecked = true;
      if (inf.getRemaining() > TRAILER_BYTES || in.available() > 0) {
        throw new ZipException("trailing bytes after the gzip data");
      }
    }
    return n;
  }
}
