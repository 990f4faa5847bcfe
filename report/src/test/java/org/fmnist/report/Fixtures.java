package org.fmnist.report;


import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;
import org.fmnist.io.AtomicFiles;
import org.fmnist.model.Precision;
import org.fmnist.train.Device;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RuntimeSettings;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;

/**
 * Shared test inputs, built once per test JVM: a small slice of the real dataset (the Debian
 * package's files) and one tiny trained CNN run.
 */
public final class Fixtures {
  private static FashionMnist small;
  private static RunDirectory tinyRun;

  private Fixtures() {}

  /** The first 600 training and 300 test images of the real dataset. */
  public static synchronized FashionMnist small() {
    if (small == null) {
      FashionMnist all = new DatasetLocator().load(null, false, line -> {});
      small = new FashionMnist(all.train().first(600), all.test().first(300), all.source(), all.checksums());
    }
    return small;
  }

  /** A cnn-k3 run of one epoch on {@link #small()}, in a temporary folder. */
  public static synchronized RunDirectory tinyRun() {
    if (tinyRun == null) {
      RunDirectory run = new RunDirectory(temporaryFolder("fmnist-tiny-run").resolve("run"));
      TrainingConfig config =
          TrainingConfig.builder().model("cnn").epochs(1).seed(7).build();
      new Trainer(config, RuntimeSettings.cpu(2), run, List.of(), line -> {})
          .fit(small(), false);
      tinyRun = run;
    }
    return tinyRun;
  }

  /** A folder deleted when the test JVM exits. */
  public static Path temporaryFolder(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteQuietly(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BufferedImage decodePng(Path file) {
    try {
      return decodePng(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BufferedImage decodePng(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new AssertionError("not a decodable image");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
