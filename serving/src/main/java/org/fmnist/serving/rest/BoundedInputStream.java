package org.fmnist.serving.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that fails as soon as more than {@code limit} bytes have come in. */
final class BoundedInputStream extends FilterInputStream {
  /** Thrown when the body goes over the limit; answered with 413. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("Request body larger than the limit of " + limit + " bytes");
    }
  }

  private final long limit;
  private long count;

  BoundedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    long allowed = limit + 1 - count;
    int n = super.read(buffer, offset, (int) Math.min(length, allowed));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, limit + 1 - count));
    count(skipped);
    return skipped;
  }

  private void count(long n) throws TooLargeException {
    count += n;
    if (count > limit) {
      throw new TooLargeException(limit);
    }
  }
}
