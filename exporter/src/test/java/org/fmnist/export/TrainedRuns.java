package org.fmnist.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;
import org.fmnist.data.LabeledImages;
import org.fmnist.io.AtomicFiles;
import org.fmnist.model.LayerSpec;
import org.fmnist.model.Precision;
import org.fmnist.model.Presets;
import org.fmnist.model.SpecParser;
import org.fmnist.train.Device;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RuntimeSettings;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;

/**
 * Briefly trained runs on the real Fashion-MNIST, made once per test JVM and shared by the test
 * classes: 640 training images (576 after the validation split), test metrics on the first {@link
 * #TEST_IMAGES} test images. One epoch of 18 Adam steps moves every weight; a model with
 * BatchNormalization gets 8 epochs of 36 steps, so that its moving statistics (momentum 0.99) come
 * most of the way to the data's and its inference output is a real classifier's.
 */
final class TrainedRuns {
  static final int TEST_IMAGES = 1000;
  private static final int TRAIN_IMAGES = 640;

  private static FashionMnist data;
  private static Path root;
  private static final Map<String, Path> RUNS = new HashMap<>();

  private TrainedRuns() {}

  /** The real dataset, cut to what the runs use. */
  static synchronized FashionMnist data() {
    if (data == null) {
      FashionMnist all = new DatasetLocator().load(null, false, line -> {});
      data =
          new FashionMnist(
              all.train().first(TRAIN_IMAGES), all.test().first(TEST_IMAGES), all.source(), all.checksums());
    }
    return data;
  }

  static LabeledImages testImages() {
    return data().test();
  }

  /** A finished run of a preset ({@code kernelSize} matters for cnn only). */
  static Path preset(String preset, int kernelSize) {
    return run(preset + "-k" + kernelSize, preset, null, kernelSize);
  }

  /** A finished run of a model in the spec's text form. */
  static Path spec(String key, String spec) {
    return run(key, null, spec, 3);
  }

  private static synchronized Path run(String key, String preset, String spec, int kernelSize) {
    Path existing = RUNS.get(key);
    if (existing != null) {
      return existing;
    }
    boolean batchNorm =
        (preset != null ? Presets.get(preset, kernelSize) : SpecParser.parse(key, spec))
            .layers()
            .stream()
            .anyMatch(LayerSpec.BatchNorm.class::isInstance);
    int epochs = batchNorm ? 8 : 1;
    int batch = batchNorm ? 16 : 32;
    TrainingConfig config =
        (spec != null ? TrainingConfig.builder().spec(spec) : TrainingConfig.builder().model(preset)).kernelSize(kernelSize).epochs(epochs).batchSize(batch).seed(7).build();
    RunDirectory run = new RunDirectory(root().resolve(key));
    new Trainer(config, RuntimeSettings.cpu(2), run, List.of(), line -> {})
        .fit(data(), false);
    RUNS.put(key, run.path());
    return run.path();
  }

  private static Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("fmnist-export-runs");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path created = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteQuietly(created)));
    }
    return root;
  }
}
