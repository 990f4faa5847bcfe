package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.errors.BadOptionException;
import org.fmnist.data.LabeledImages;
import org.fmnist.io.Json;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.Precision;
import org.fmnist.model.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label smoothing against a hand-computed loss, the config of the regularisers (weight decay: KerasAdamTest). */
class RegularizationTest {
  @TempDir Path dir;

  @Test
  void theSmoothedTrainingLossIsTheCrossEntropyWithTheSmoothedTarget() {
    LabeledImages batch = RealData.get().train().first(64);
    int[] order = new int[64];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double epsilon = 0.2;
    ModelSpec spec = Presets.get("baseline", 3); // no dropout or BN: training and inference agree
    Regularization smoothing = new Regularization(Augmentation.NONE, epsilon, 0);
    try (TrainingGraph graph = new TrainingGraph(spec, 5, Device.CPU.resolve(2), Precision.FP32, smoothing)) {
      graph.initialize();
      float[][] p = graph.evaluator().evaluate(batch, true).probabilities();
      double expected = 0;
      for (int i = 0; i < 64; i++) {
        for (int k = 0; k < ModelSpec.CLASSES; k++) {
          double target = (k == batch.label(i) ? 1 - epsilon : 0) + epsilon / ModelSpec.CLASSES;
          expected -= target * Math.log(p[i][k]);
        }
      }
      expected /= 64;
      float loss = graph.trainStep(batch, order, 0, 64, 5, 0, 1e-3f).loss();
      assertEquals(expected, loss, 1e-4);
      double plain = graph.evaluator().evaluate(batch, false).meanLoss();
      assertNotEquals(plain, loss, 1e-3); // the evaluation loss is not smoothed
    }
  }

  @Test
  void aConfigWithRegularizationRoundTripsThroughConfigJson() throws Exception {
    Regularization r = new Regularization(Augmentation.parse("shift:2,flip,erase:0.5"), 0.1, 5e-4);
    TrainingConfig config = TrainingConfig.builder().epochs(8).batchSize(256).regularization(r).build();
    Path file = dir.resolve("config.json");
    Json.writeAtomically(file, ConfigFile.of(config, RuntimeSettings.cpu(2)));
    assertTrue(Files.readString(file).contains("\"augmentation\" : \"shift:2,flip,erase:0.5:10\""));
    assertEquals(config, Json.read(file, ConfigFile.class).training());
  }

  @Test
  void refusesOutOfRangeValuesNamingTheSetting() {
    BadOptionException e =
        assertThrows(BadOptionException.class, () -> new Regularization(Augmentation.NONE, 1, 0));
    assertEquals("--label-smoothing must be in [0, 1), not 1.0", e.message(RegularizationTest::flag));
    assertThrows(BadOptionException.class, () -> new Regularization(Augmentation.NONE, -0.1, 0));
    assertThrows(BadOptionException.class, () -> new Regularization(Augmentation.NONE, 0, -1));
  }

  private static String flag(String setting) {
    return "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void augmentationChangesTheTrainingButNotTheData() {
    FashionMnist data = RealData.slice(600, 200);
    byte[] before = data.train().pixelBytes().clone();
    TrainingConfig plain = TrainingConfig.builder().model("baseline").epochs(1).seed(3).limitTrain(600).build();
    TrainingConfig augmented =
        plain.toBuilder().regularization(new Regularization(Augmentation.parse("shift:2,flip"), 0, 0)).build();
    double a = train(plain, data, "plain");
    double b = train(augmented, data, "augmented");
    assertNotEquals(a, b);
    assertArrayEquals(before, data.train().pixelBytes());
  }

  private double train(TrainingConfig config, FashionMnist data, String name) {
    return new Trainer(config, RuntimeSettings.cpu(2), new RunDirectory(dir.resolve(name)), List.of(), line -> {})
        .fit(data, false).history().epochs().get(0).loss();
  }
}
