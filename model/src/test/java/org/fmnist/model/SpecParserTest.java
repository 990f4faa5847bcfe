package org.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {

  @Test
  void parsesEveryLayerKindWithDefaultsAndOptions() {
    ModelSpec spec =
        SpecParser.parse(
            "m",
            "conv:8:5:same:s2:relu, conv:4:3 bn relu maxpool:2:s1 flatten dense:16:relu dropout:0.25 dense:10");
    assertEquals(
        List.of(
            new LayerSpec.Conv2D(8, 5, 2, Padding.SAME, Activation.RELU),
            new LayerSpec.Conv2D(4, 3, 1, Padding.VALID, Activation.LINEAR),
            new LayerSpec.BatchNorm(),
            new LayerSpec.Relu(),
            new LayerSpec.MaxPool(2, 1),
            new LayerSpec.Flatten(),
            new LayerSpec.Dense(16, Activation.RELU),
            new LayerSpec.Dropout(0.25),
            new LayerSpec.Dense(10, Activation.LINEAR)),
        spec.layers());
    // 28 -> same/s2 -> 14 -> valid k3 -> 12 -> pool 2 stride 1 -> 11
    assertEquals(FeatureShape.image(11, 11, 4), spec.shapes().get(5));
  }

  @Test
  void textFormRoundTripsForEveryPreset() {
    for (String name : Presets.NAMES) {
      ModelSpec preset = Presets.get(name, 5);
      assertEquals(preset.layers(), SpecParser.parse(name, preset.toText()).layers(), name);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "flatten dense:128:relu dense:10:tanh | bad layer 3 'dense:10:tanh'",
        "conv:32:0:same flatten dense:10 | bad layer 1 'conv:32:0:same' in spec: kernel size must be a positive integer",
        "flatten dense:64 pool:2 dense:10 | bad layer 3 'pool:2' in spec: unknown layer 'pool'",
        "flatten dropout:1.5 dense:10 | dropout rate must be in [0, 1)",
        "dense:10 | needs a flat input",
        "flatten dense:64:relu | the last layer must be 'dense:10'",
        "flatten maxpool:2 dense:10 | needs an image input",
        "conv:8:29 flatten dense:10 | does not fit",
        "conv:8:3:s0 flatten dense:10 | stride must be a positive integer"
      })
  void errorsPointAtTheBadToken(String text, String expected) {
    SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse("m", text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }
}
