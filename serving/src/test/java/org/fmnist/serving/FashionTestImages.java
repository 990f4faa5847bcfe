package org.fmnist.serving;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * The real Fashion-MNIST test images, read here because the serving module may not depend on the
 * data module, not even in tests: from the copy the project ships ({@code data/fashion-mnist} in
 * the working folder or a folder above it, since Maven runs tests in the module's folder), else
 * from the dataset-fashion-mnist package's folder.
 */
public final class FashionTestImages {
  private static final Path SHIPPED = Path.of("data", "fashion-mnist");
  private static final Path PACKAGED = Path.of("/usr/share/datasets/fashion-mnist");
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  public static final int SIDE = 28;
  public static final int PIXELS = SIDE * SIDE;

  private static FashionTestImages instance;

  private final byte[] pixels;
  private final byte[] labels;

  private FashionTestImages(byte[] pixels, byte[] labels) {
    this.pixels = pixels;
    this.labels = labels;
  }

  /** The 10,000 test images, read once per JVM. */
  public static synchronized FashionTestImages load() {
    if (instance == null) {
      Path folder = folder();
      instance =
          new FashionTestImages(
              read(folder.resolve(TEST_IMAGES), 2051, PIXELS),
              read(folder.resolve("t10k-labels-idx1-ubyte.gz"), 2049, 1));
    }
    return instance;
  }

  private static Path folder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SHIPPED).resolve(TEST_IMAGES))) {
        return dir.resolve(SHIPPED);
      }
    }
    if (Files.isRegularFile(PACKAGED.resolve(TEST_IMAGES))) {
      return PACKAGED;
    }
    throw new IllegalStateException("no Fashion-MNIST test images in " + SHIPPED + " (here or above) nor in " + PACKAGED);
  }

  public int size() {
    return labels.length;
  }

  public int label(int index) {
    return labels[index];
  }

  /** Pixel values 0..255, row-major. */
  public int[] raw(int index) {
    int[] out = new int[PIXELS];
    for (int p = 0; p < PIXELS; p++) {
      out[p] = pixels[index * PIXELS + p] & 0xFF;
    }
    return out;
  }

  /** Pixels scaled to [0, 1], as the models take them. */
  public float[] floats(int index) {
    float[] out = new float[PIXELS];
    int[] raw = raw(index);
    for (int p = 0; p < PIXELS; p++) {
      out[p] = raw[p] / 255f;
    }
    return out;
  }

  /** The image as an 8-bit grey picture, as a PNG file would hold it. */
  public BufferedImage image(int index) {
    BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setPixels(0, 0, SIDE, SIDE, raw(index));
    return image;
  }

  /** Writes the image as a file in {@code format} ("png", "jpg") and returns its path. */
  public Path write(int index, Path folder, String format) {
    Path file = folder.resolve("test-" + index + "." + format);
    try {
      if (!ImageIO.write(image(index), format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static byte[] read(Path file, int magic, int itemSize) {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != magic) {
        throw new IllegalStateException(file + ": not an IDX file with magic " + magic);
      }
      int count = in.readInt();
      if (itemSize == PIXELS && (in.readInt() != SIDE || in.readInt() != SIDE)) {
        throw new IllegalStateException(file + ": images are not 28x28");
      }
      byte[] data = new byte[count * itemSize];
      in.readFully(data);
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
