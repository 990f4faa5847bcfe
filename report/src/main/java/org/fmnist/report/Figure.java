package org.fmnist.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.fmnist.io.AtomicFiles;

/** A picture of a report: its file name, what it shows, and its PNG bytes. */
public record Figure(String fileName, String caption, int width, int height, byte[] png) {

  public static Figure of(String fileName, String caption, BufferedImage image) {
    return new Figure(fileName, caption, image.getWidth(), image.getHeight(), Png.encode(image));
  }

  /** Writes each figure's PNG into {@code folder}; returns their paths in order. */
  public static List<Path> writeAll(List<Figure> figures, Path folder) {
    return figures.stream().map(f -> f.writeTo(folder)).collect(Collectors.toCollection(ArrayList::new));
  }

  /** Writes the PNG into {@code folder} (atomically) and returns its path. */
  public Path writeTo(Path folder) {
    Path file = folder.resolve(fileName);
    AtomicFiles.write(file, png);
    return file;
  }
}
