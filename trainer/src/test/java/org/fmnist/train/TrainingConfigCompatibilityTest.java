package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
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
    TrainingConfig config = Json.read(file, TrainingConfig.class);
    assertEquals(Precision.FP32, config.precision());
    assertEquals(0, config.warmupEpochs());
    assertFalse(config.cosineDecay());
    assertEquals(0, config.targetAccuracy());
    assertEquals(1e-3, config.learningRateSchedule(1688).at(5000));
  }

  @Test
  void aConfigRoundTripsWithItsNewFields() throws Exception {
    TrainingConfig config =
        new TrainingConfig(
            "cnn", null, 3, 8, 256, 4e-3, 0.1, 7, 0, 0, Device.CPU, 2, Precision.BF16, 1, true, 0.91);
    Path file = dir.resolve("config.json");
    Json.writeAtomically(file, config);
    assertEquals(config, Json.read(file, TrainingConfig.class));
  }

  @Test
  void rejectsTargetsAndWarmUpsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> config(0.1, 1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> config(0.1, -0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> config(0.0, 0.9, 1));
    assertThrows(IllegalArgumentException.class, () -> config(0.1, 0.9, 11));
    assertThrows(IllegalArgumentException.class, () -> config(0.1, 0.9, -1));
  }

  private static TrainingConfig config(double validationSplit, double target, double warmup) {
    return new TrainingConfig(
        "cnn", null, 3, 10, 32, 1e-3, validationSplit, 1, 0, 0, Device.CPU, 2, Precision.FP32,
        warmup, false, target);
  }
}
