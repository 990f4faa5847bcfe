package org.fmnist.serving;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads image files (PNG, JPEG, and whatever else Java's ImageIO decodes) with one-line errors. */
final class ImageFiles {
  private ImageFiles() {}

  static BufferedImage read(Path file) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + ": is a folder, not an image");
    }
    try (InputStream in = Files.newInputStream(file)) {
      if (Files.size(file) == 0) {
        throw new IllegalArgumentException(file + ": empty file");
      }
      return decode(file, in);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read (" + ErrorMessages.firstLine(e) + ")", e);
    }
  }

  private static BufferedImage decode(Path file, InputStream in) {
    BufferedImage image;
    try {
      image = ImageIO.read(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": corrupt or truncated image (" + ErrorMessages.firstLine(e) + ")", e);
    }
    if (image == null) {
      throw new IllegalArgumentException(file + ": not an image (PNG or JPEG expected)");
    }
    return image;
  }
}
