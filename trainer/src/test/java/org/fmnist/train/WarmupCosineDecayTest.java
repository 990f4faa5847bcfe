package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fmnist.model.Precision;
import org.junit.jupiter.api.Test;

class WarmupCosineDecayTest {
  private static final double EPS = 1e-12;

  @Test
  void warmUpRisesLinearlyFromZeroToThePeak() {
    WarmupCosineDecay s = new WarmupCosineDecay(4e-3, 100, 700);
    assertEquals(0, s.at(0), EPS);
    assertEquals(4e-5, s.at(1), EPS);
    assertEquals(2e-3, s.at(50), EPS);
    assertEquals(4e-3 * 99 / 100, s.at(99), EPS);
    assertEquals(4e-3, s.at(100), EPS);
  }

  @Test
  void cosineDecaysFromThePeakToZeroAndStaysThere() {
    WarmupCosineDecay s = new WarmupCosineDecay(4e-3, 100, 700);
    assertEquals(2e-3, s.at(100 + 350), EPS);
    assertEquals(4e-3 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.at(100 + 175), EPS);
    assertEquals(0, s.at(800), EPS);
    assertEquals(0, s.at(5_000), EPS);
    for (long step = 101; step <= 800; step++) {
      assertTrue(s.at(step) < s.at(step - 1), "decreasing at step " + step);
    }
  }

  @Test
  void withoutDecayStepsThePeakHoldsAfterWarmUp() {
    WarmupCosineDecay s = new WarmupCosineDecay(1e-3, 10, 0);
    assertEquals(5e-4, s.at(5), EPS);
    assertEquals(1e-3, s.at(10), EPS);
    assertEquals(1e-3, s.at(1_000_000), EPS);
  }

  @Test
  void withoutWarmUpTheFirstStepHasThePeak() {
    assertEquals(1e-3, new WarmupCosineDecay(1e-3, 0, 100).at(0), EPS);
  }

  @Test
  void rejectsNonPositivePeaksAndNegativeSteps() {
    assertThrows(IllegalArgumentException.class, () -> new WarmupCosineDecay(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new WarmupCosineDecay(1e-3, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new WarmupCosineDecay(1e-3, 1, -1));
  }

  @Test
  void theConfigSpreadsWarmUpAndDecayOverItsEpochs() {
    int stepsPerEpoch = 211;
    LearningRateSchedule s = config(8, 4e-3, 1, true).learningRateSchedule(stepsPerEpoch);
    assertEquals(0, s.at(0), EPS);
    assertEquals(4e-3, s.at(stepsPerEpoch), EPS);
    assertEquals(0, s.at(8L * stepsPerEpoch), EPS);
    assertTrue(s.at(8L * stepsPerEpoch - 1) > 0, "the last step still learns");

    LearningRateSchedule constant = config(8, 1e-3, 0, false).learningRateSchedule(stepsPerEpoch);
    assertEquals(1e-3, constant.at(0), EPS);
    assertEquals(1e-3, constant.at(8L * stepsPerEpoch), EPS);
  }

  private static TrainingConfig config(int epochs, double lr, double warmup, boolean cosine) {
    return TrainingConfig.builder().model("baseline").epochs(epochs).batchSize(256).learningRate(lr).seed(1).warmupEpochs(warmup).cosineDecay(cosine).build();
  }
}
