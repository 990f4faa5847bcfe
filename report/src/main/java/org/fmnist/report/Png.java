package org.fmnist.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fmnist.io.AtomicFiles;

/** PNG encoding. ImageIO writes no time chunk, so the same picture always gives the same bytes. */
public final class Png {
  private Png() {}

  public static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the picture atomically and returns its bytes (for embedding in a report). */
  public static byte[] write(Path file, BufferedImage image) {
    byte[] bytes = encode(image);
    AtomicFiles.write(file, bytes);
    return bytes;
  }
}
