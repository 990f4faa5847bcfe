package org.fmnist.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.fmnist.model.FeatureShape;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.PlacedLayer;

/**
 * The layer stack as Keras's {@code plot_model(model, show_shapes=True)} draws it: the input, then
 * one box per layer, top to bottom, each with its name and kind, output shape and parameter count,
 * joined by arrows. Drawn with AWT only (no Graphviz); the same model always gives the same bytes.
 */
public final class ModelDiagram {
  public static final String FILE = "model.png";
  static final Color BOX = new Color(0xE8, 0xF0, 0xFA);
  static final Color BORDER = new Color(0x33, 0x55, 0x88);
  static final Color ARROW = new Color(0x44, 0x44, 0x44);

  private static final int MARGIN = 16;
  private static final int PADDING = 8;
  private static final int GAP = 28;
  private static final int MIN_BOX_WIDTH = 300;

  private ModelDiagram() {}

  /** One box: where it is and its three lines of text. */
  public record Box(int x, int y, int width, int height, String title, String shape, String params) {}

  /** Where everything goes: the picture's size and its boxes, top to bottom. */
  public record Layout(int width, int height, List<Box> boxes) {}

  public static Layout layout(ModelSpec spec) {
    List<String[]> texts = new ArrayList<>();
    texts.add(new String[] {"input (InputLayer)", "output: " + FeatureShape.INPUT, "0 params"});
    for (PlacedLayer layer : spec.placedLayers()) {
      texts.add(
          new String[] {
            layer.name() + " (" + layer.spec().kerasType() + ")",
            "output: " + layer.output(),
            Numbers.grouped(layer.parameters()) + (layer.parameters() == 1 ? " param" : " params")
          });
    }
    int boxWidth = MIN_BOX_WIDTH;
    for (String[] t : texts) {
      boxWidth =
          Math.max(
              boxWidth,
              2 * PADDING
                  + Math.max(
                      Canvas.textWidth(Canvas.TEXT, t[0]),
                      Math.max(Canvas.textWidth(Canvas.SMALL, t[1]), Canvas.textWidth(Canvas.SMALL, t[2]))));
    }
    int boxHeight = 2 * PADDING + Canvas.lineHeight(Canvas.TEXT) + 2 * Canvas.lineHeight(Canvas.SMALL);
    List<Box> boxes = new ArrayList<>();
    int y = MARGIN;
    for (String[] t : texts) {
      boxes.add(new Box(MARGIN, y, boxWidth, boxHeight, t[0], t[1], t[2]));
      y += boxHeight + GAP;
    }
    return new Layout(boxWidth + 2 * MARGIN, y - GAP + MARGIN, boxes);
  }

  public static BufferedImage draw(ModelSpec spec) {
    Layout layout = layout(spec);
    BufferedImage image = Canvas.blank(layout.width(), layout.height());
    Graphics2D g = Canvas.graphics(image);
    try {
      Box previous = null;
      for (Box box : layout.boxes()) {
        if (previous != null) {
          arrow(g, box.x() + box.width() / 2, previous.y() + previous.height(), box.y());
        }
        box(g, box);
        previous = box;
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void box(Graphics2D g, Box box) {
    g.setColor(BOX);
    g.fillRect(box.x(), box.y(), box.width(), box.height());
    g.setColor(BORDER);
    g.setStroke(new BasicStroke(1.5f));
    g.drawRect(box.x(), box.y(), box.width(), box.height());
    g.setColor(Color.BLACK);
    int centre = box.x() + box.width() / 2;
    int top = box.y() + PADDING;
    Canvas.centred(g, Canvas.TEXT, box.title(), centre, top);
    top += Canvas.lineHeight(Canvas.TEXT);
    Canvas.centred(g, Canvas.SMALL, box.shape(), centre, top);
    top += Canvas.lineHeight(Canvas.SMALL);
    Canvas.centred(g, Canvas.SMALL, box.params(), centre, top);
  }

  private static void arrow(Graphics2D g, int x, int from, int to) {
    g.setColor(ARROW);
    g.setStroke(new BasicStroke(2f));
    int head = 8;
    g.drawLine(x, from + 1, x, to - head);
    g.fillPolygon(new Polygon(new int[] {x - 5, x + 5, x}, new int[] {to - head, to - head, to}, 3));
  }
}
