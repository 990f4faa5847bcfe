package org.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelFlopsTest {
  @Test
  void theCnnK3CountsItsConvolutionsAndDenseLayersByHand() {
    long conv1 = 28L * 28 * 32 * 3 * 3 * 1; // same padding: 28x28 outputs, 32 filters, 3x3x1 window
    long conv2 = 14L * 14 * 64 * 3 * 3 * 32; // after 2x2 pooling
    long dense1 = 7L * 7 * 64 * 64;
    long dense2 = 64L * 10;
    long forward = 2 * (conv1 + conv2 + dense1 + dense2);
    ModelFlops flops = ModelFlops.of(Presets.get("cnn", 3));
    assertEquals(8_079_616, forward); // the hand sum itself: ~8.1 MFLOP per image
    assertEquals(forward, flops.forward());
    assertEquals(3 * forward - 2 * conv1, flops.training());
  }

  @Test
  void validPaddingAndTheBaselineCountTheirOwnShapes() {
    ModelFlops baseline = ModelFlops.of(Presets.get("baseline", 3));
    assertEquals(2L * (784 * 128 + 128 * 10), baseline.forward());
    assertEquals(3 * baseline.forward() - 2L * 784 * 128, baseline.training());
    ModelFlops valid = ModelFlops.of(SpecParser.parse("v", "conv:8:5:valid:relu flatten dense:10"));
    assertEquals(2L * (24 * 24 * 8 * 25 + 24 * 24 * 8 * 10), valid.forward());
  }
}
