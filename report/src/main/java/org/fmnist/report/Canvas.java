package org.fmnist.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Off-screen drawing with the project's fonts and rendering hints, for pictures of tensors. */
final class Canvas {
  static {
    Headless.ensure();
  }

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private static final Graphics2D MEASURE = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));

  private Canvas() {}

  /** A white picture of the given size. */
  static BufferedImage blank(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    // pixels of tensors stay sharp squares when scaled up
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setColor(Color.BLACK);
    return g;
  }

  static FontMetrics metrics(Font font) {
    synchronized (MEASURE) {
      return MEASURE.getFontMetrics(font);
    }
  }

  static int textWidth(Font font, String text) {
    return metrics(font).stringWidth(text);
  }

  static int lineHeight(Font font) {
    return metrics(font).getHeight();
  }

  /** Draws {@code text} centred on {@code centreX} with its top at {@code top}. */
  static void centred(Graphics2D g, Font font, String text, int centreX, int top) {
    FontMetrics m = metrics(font);
    g.setFont(font);
    g.drawString(text, centreX - m.stringWidth(text) / 2, top + m.getAscent());
  }

  /** Draws {@code text} left-aligned with its top at {@code top}. */
  static void left(Graphics2D g, Font font, String text, int x, int top) {
    g.setFont(font);
    g.drawString(text, x, top + metrics(font).getAscent());
  }
}
