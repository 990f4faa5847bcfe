package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fmnist.errors.BadOptionException;
import org.fmnist.io.Json;
import org.fmnist.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigCompatibilityTest {
  @TempDir Path dir;

  @Test
  void aConfigWrittenBeforePrecisionAndSchedulesReadsAsFp32Constant() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(
        file,
        """
        {"model":"cnn","spec":null,"kernelSize":3,"epochs":10,"batchSize":32,
         "learningRate":0.001,"validationSplit":0.1,"seed":42,"limitTrain":0,
         "earlyStoppingPatience":0,"device":"CPU","threads":2}
        """);
    TrainingConfig config = Json.read(file, ConfigFile.class).training();
    assertEquals(RuntimeSettings.cpu(2), Json.read(file, ConfigFile.class).runtime());
    assertEquals(Precision.FP32, config.precision());
    assertEquals(0, config.warmupEpochs());
    assertFalse(config.cosineDecay());
    assertEquals(0, config.targetAccuracy());
    assertEquals(Regularization.NONE, config.regularization());
    assertEquals(1e-3, config.learningRateSchedule(1688).at(5000));
  }

  @Test
  void aConfigRoundTripsWithItsNewFields() throws Exception {
    TrainingConfig config =
        TrainingConfig.builder().model("cnn").epochs(8).batchSize(256).learningRate(4e-3).seed(7).precision(Precision.BF16).warmupEpochs(1).cosineDecay(true).targetAccuracy(0.91).build();
    Path file = dir.resolve("config.json");
    Json.writeAtomically(file, ConfigFile.of(config, RuntimeSettings.cpu(2)));
    assertEquals(config, Json.read(file, ConfigFile.class).training());
  }

  @Test
  void rejectsTargetsAndWarmUpsOutOfRange() {
    assertThrows(BadOptionException.class, () -> config(0.1, 1.5, 1));
    assertThrows(BadOptionException.class, () -> config(0.1, -0.1, 1));
    assertThrows(BadOptionException.class, () -> config(0.0, 0.9, 1));
    assertThrows(BadOptionException.class, () -> config(0.1, 0.9, 11));
    assertThrows(BadOptionException.class, () -> config(0.1, 0.9, -1));
  }

  private static TrainingConfig config(double validationSplit, double target, double warmup) {
    return TrainingConfig.builder().model("cnn").validationSplit(validationSplit).seed(1).warmupEpochs(warmup).targetAccuracy(target).build();
  }
}
