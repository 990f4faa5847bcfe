package org.fmnist.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.fmnist.io.AtomicFiles;

/** A picture of a report: its file name, what it shows, and its PNG bytes. */
public record Figure(String fileName, String caption, int width, int height, byte[] png) {

  public static Figure of(String fileName, String caption, BufferedImage image) {
    return new Figure(fileName, caption, image.getWidth(), image.getHeight(), Png.encode(image));
  }

  /** Writes the PNG into {@code folder} (atomically) and returns its path. */
  public Path writeTo(Path folder) {
    Path file = folder.resolve(fileName);
    AtomicFiles.write(file, png);
    return file;
  }
}
