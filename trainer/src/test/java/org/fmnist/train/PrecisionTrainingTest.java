package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bf16 compute trains the CNN as well as fp32 does, on a slice of the real data. */
class PrecisionTrainingTest {
  @TempDir Path dir;

  @Test
  void bf16ReachesTheSameAccuracyBandAsFp32() {
    FashionMnist data = RealData.get();
    Trainer.Result fp32 = train(data, Precision.FP32);
    Trainer.Result bf16 = train(data, Precision.BF16);

    double a32 = fp32.test().accuracy();
    double a16 = bf16.test().accuracy();
    assertTrue(a32 > 0.75, "fp32 test accuracy " + a32);
    assertTrue(a16 > 0.75, "bf16 test accuracy " + a16);
    assertTrue(Math.abs(a32 - a16) < 0.03, "fp32 " + a32 + " vs bf16 " + a16);
    double loss32 = fp32.history().epochs().get(1).loss();
    double loss16 = bf16.history().epochs().get(1).loss();
    assertTrue(Math.abs(loss32 - loss16) < 0.1 * loss32, "losses " + loss32 + " vs " + loss16);
    assertTrue(loss32 != loss16, "bf16 rounding must show in the loss: it computed in fp32");
  }

  private Trainer.Result train(FashionMnist data, Precision precision) {
    TrainingConfig config =
        TrainingConfig.builder().model("cnn").epochs(2).seed(5).limitTrain(6000).precision(precision).build();
    RunDirectory run = new RunDirectory(dir.resolve(precision.optionName()));
    Trainer.Result result = new Trainer(config, RuntimeSettings.cpu(2), run, List.of(), line -> {}).fit(data, false);
    assertEquals(precision, run.readConfig().precision());
    return result;
  }
}
