package org.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

class PresetsTest {

  @ParameterizedTest
  @CsvSource({
    "baseline, 3, 101770, 0",
    "cnn, 3, 220234, 0",
    "cnn, 5, 253514, 0",
    "cnn, 7, 303434, 0",
    "mlp-dropout, 3, 109386, 0",
    "cnn-dropout, 3, 421642, 0",
    "cnn-small, 3, 206922, 0",
    "cnn-bn, 3, 198250, 384",
    "cnn-bn-small, 3, 431626, 192",
    "cnn-bn-strided, 3, 612362, 192",
    "vgg-bn, 3, 597738, 1408"
  })
  void presetsHaveKerasParameterCounts(String name, int kernel, long total, long nonTrainable) {
    ModelSpec spec = Presets.get(name, kernel);
    assertEquals(total, spec.parameters());
    assertEquals(nonTrainable, spec.nonTrainableParameters());
    assertEquals(total - nonTrainable, spec.trainableParameters());
  }

  @ParameterizedTest
  @CsvSource({"baseline, 3", "cnn, 7", "cnn-bn, 3", "cnn-bn-strided, 3", "vgg-bn, 3", "mlp-dropout, 3"})
  void graphVariablesHoldExactlyTheCountedParameters(String name, int kernel) {
    ModelSpec spec = Presets.get(name, kernel);
    try (Graph g = new Graph()) {
      ModelParameters params = ModelParameters.create(Ops.create(g), spec, OptionalLong.of(1));
      long total =
          params.all().values().stream().mapToLong(v -> v.shape().size()).sum();
      long nonTrainable =
          params.nonTrainable().stream().mapToLong(v -> v.shape().size()).sum();
      assertEquals(spec.parameters(), total);
      assertEquals(spec.nonTrainableParameters(), nonTrainable);
    }
  }

  @Test
  void summaryShowsKerasLayerNamesShapesAndTotals() {
    String summary = ModelSummary.of(Presets.get("cnn", 3));
    assertTrue(summary.contains("conv2d_1 (Conv2D)"), summary);
    assertTrue(summary.contains("(None, 7, 7, 64)"), summary);
    assertTrue(summary.contains("(None, 3136)"), summary);
    assertTrue(summary.contains("Total params: 220,234"), summary);
    assertTrue(summary.contains("Non-trainable params: 0"), summary);
    String bn = ModelSummary.of(Presets.get("cnn-bn", 3));
    assertTrue(bn.contains("Trainable params: 197,866"), bn);
    assertTrue(bn.contains("batch_normalization_3 (BatchNormalization)"), bn);
  }

  @Test
  void unknownPresetNamesTheKnownOnes() {
    SpecException e = assertThrows(SpecException.class, () -> Presets.get("resnet", 3));
    assertTrue(e.getMessage().contains("unknown model 'resnet'"), e.getMessage());
    assertTrue(e.getMessage().contains("cnn-bn"), e.getMessage());
  }
}
