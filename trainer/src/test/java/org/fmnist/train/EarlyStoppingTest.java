package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  private static History.Epoch epoch(int n, double valLoss) {
    return new History.Epoch(n, 1, 0.5, valLoss, 0.5, 1, 1e-3);
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    EarlyStopping stopping = new EarlyStopping(2);
    TrainingState s = TrainingState.initial();
    s = stopping.update(s, epoch(1, 0.9));
    s = stopping.update(s, epoch(2, 0.7));
    s = stopping.update(s, epoch(3, 0.7)); // equal is no improvement, as Keras's min_delta=0
    assertFalse(s.stoppedEarly());
    s = stopping.update(s, epoch(4, 0.8));
    assertTrue(s.stoppedEarly());
    assertEquals(2, s.bestEpoch());
    assertEquals(0.7, s.bestValLoss());
    assertEquals(4, s.history().epochs().size());
  }

  @Test
  void patienceZeroNeverStops() {
    EarlyStopping stopping = new EarlyStopping(0);
    TrainingState s = TrainingState.initial();
    for (int i = 1; i <= 5; i++) {
      s = stopping.update(s, epoch(i, i));
    }
    assertFalse(s.stoppedEarly());
    assertEquals(1, s.bestEpoch());
  }
}
