package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.PlacedLayer;
import org.fmnist.model.Presets;
import org.fmnist.model.SpecParser;
import org.junit.jupiter.api.Test;

class ModelDiagramTest {
  @Test
  void everyPresetHasTheInputAndOneBoxPerLayerJoinedByArrows() {
    for (String name : Presets.NAMES) {
      ModelSpec spec = Presets.get(name, 3);
      ModelDiagram.Layout layout = ModelDiagram.layout(spec);
      List<ModelDiagram.Box> boxes = layout.boxes();
      assertEquals(spec.layers().size() + 1, boxes.size(), name);
      assertEquals("input (InputLayer)", boxes.get(0).title());
      List<PlacedLayer> layers = spec.placedLayers();
      for (int i = 0; i < layers.size(); i++) {
        PlacedLayer layer = layers.get(i);
        ModelDiagram.Box box = boxes.get(i + 1);
        assertEquals(layer.name() + " (" + layer.spec().kerasType() + ")", box.title());
        assertEquals("output: " + layer.output(), box.shape());
        assertEquals(Numbers.grouped(layer.parameters()) + " params", box.params());
      }

      BufferedImage image = ModelDiagram.draw(spec);
      assertEquals(layout.width(), image.getWidth(), name);
      assertEquals(layout.height(), image.getHeight(), name);
      assertEquals(Color.WHITE.getRGB(), image.getRGB(1, 1), "background");
      ModelDiagram.Box previous = null;
      for (ModelDiagram.Box box : boxes) {
        // the box's fill, left of its centred text
        assertEquals(ModelDiagram.BOX.getRGB(), image.getRGB(box.x() + 3, box.y() + box.height() / 2), name);
        if (previous != null) {
          int x = box.x() + box.width() / 2;
          int gapMiddle = (previous.y() + previous.height() + box.y()) / 2;
          assertNotEquals(Color.WHITE.getRGB(), image.getRGB(x, gapMiddle), name + ": arrow above " + box.title());
          assertEquals(Color.WHITE.getRGB(), image.getRGB(x - 12, gapMiddle), name + ": nothing beside the arrow");
          assertEquals(previous.x(), box.x());
          assertEquals(previous.y() + previous.height() + 28, box.y(), "top to bottom");
        }
        previous = box;
      }
    }
  }

  @Test
  void theCnnReadsLikeKerassPlotModel() {
    List<ModelDiagram.Box> boxes = ModelDiagram.layout(Presets.get("cnn", 3)).boxes();
    assertEquals("conv2d (Conv2D)", boxes.get(1).title());
    assertEquals("output: (None, 28, 28, 32)", boxes.get(1).shape());
    assertEquals("320 params", boxes.get(1).params());
    assertEquals("dense_1 (Dense)", boxes.get(7).title());
    assertEquals("650 params", boxes.get(7).params());
  }

  @Test
  void theSameModelGivesTheSameBytes() {
    ModelSpec spec = SpecParser.parse("custom", "conv:8:5:valid:relu maxpool:2 flatten dense:10");
    assertArrayEquals(Png.encode(ModelDiagram.draw(spec)), Png.encode(ModelDiagram.draw(spec)));
  }
}
