package org.fmnist.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A titled grid of small pictures (samples, filters, feature maps), each scaled up without
 * smoothing and captioned below, with an optional colour scale on the right. The picture is sized
 * from the measured text, so no caption or label is clipped.
 */
public final class TileGrid {
  private static final int MARGIN = 16;
  private static final int GAP = 10;
  private static final int BAR_WIDTH = 18;
  private static final int BAR_HEIGHT = 160;
  private static final Color FRAME = new Color(0xBBBBBB);

  /** One picture and the lines written under it. */
  public record Tile(BufferedImage image, List<String> caption) {
    public Tile {
      caption = List.copyOf(caption);
    }
  }

  /** What the colours of the tiles mean: the map, the value range and its name with unit. */
  public record Scale(ColourMap map, double min, double max, String label) {}

  private final String title;
  private final List<String> notes;
  private final int columns;
  private final int tileSize;
  private final Scale scale;

  /**
   * @param notes lines under the title
   * @param columns tiles per row
   * @param tileSize the side, in pixels, each tile is scaled to
   * @param scale the colour scale to draw, or null when the tiles show plain images
   */
  public TileGrid(String title, List<String> notes, int columns, int tileSize, Scale scale) {
    if (columns < 1 || tileSize < 1) {
      throw new IllegalArgumentException("columns and tile size must be >= 1");
    }
    this.title = title;
    this.notes = List.copyOf(notes);
    this.columns = columns;
    this.tileSize = tileSize;
    this.scale = scale;
  }

  public BufferedImage render(List<Tile> tiles) {
    if (tiles.isEmpty()) {
      throw new IllegalArgumentException("a grid needs at least one tile");
    }
    int captionLines = tiles.stream().mapToInt(t -> t.caption().size()).max().orElse(0);
    int captionWidth =
        tiles.stream()
            .flatMap(t -> t.caption().stream())
            .mapToInt(line -> Canvas.textWidth(Canvas.SMALL, line))
            .max()
            .orElse(0);
    int cellWidth = Math.max(tileSize, captionWidth + 4);
    int cellHeight = tileSize + 4 + captionLines * Canvas.lineHeight(Canvas.SMALL);
    int cols = Math.min(columns, tiles.size());
    int rows = (tiles.size() + columns - 1) / columns;
    int gridWidth = cols * cellWidth + (cols - 1) * GAP;
    int gridHeight = rows * cellHeight + (rows - 1) * GAP;

    int headerHeight =
        Canvas.lineHeight(Canvas.TITLE) + notes.size() * Canvas.lineHeight(Canvas.TEXT) + GAP;
    int headerWidth = Canvas.textWidth(Canvas.TITLE, title);
    for (String line : notes) {
      headerWidth = Math.max(headerWidth, Canvas.textWidth(Canvas.TEXT, line));
    }
    int scaleWidth = scale == null ? 0 : 2 * GAP + scaleBlockWidth();
    int bodyHeight = scale == null ? gridHeight : Math.max(gridHeight, scaleBlockHeight());
    int width = 2 * MARGIN + Math.max(headerWidth, gridWidth + scaleWidth);
    int height = 2 * MARGIN + headerHeight + bodyHeight;

    BufferedImage image = Canvas.blank(width, height);
    Graphics2D g = Canvas.graphics(image);
    try {
      int y = MARGIN;
      Canvas.left(g, Canvas.TITLE, title, MARGIN, y);
      y += Canvas.lineHeight(Canvas.TITLE);
      for (String line : notes) {
        Canvas.left(g, Canvas.TEXT, line, MARGIN, y);
        y += Canvas.lineHeight(Canvas.TEXT);
      }
      int top = MARGIN + headerHeight;
      for (int i = 0; i < tiles.size(); i++) {
        int x = MARGIN + (i % columns) * (cellWidth + GAP);
        int cellTop = top + (i / columns) * (cellHeight + GAP);
        drawTile(g, tiles.get(i), x, cellTop, cellWidth);
      }
      if (scale != null) {
        drawScale(g, MARGIN + gridWidth + 2 * GAP, top);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private void drawTile(Graphics2D g, Tile tile, int x, int top, int cellWidth) {
    int left = x + (cellWidth - tileSize) / 2;
    g.drawImage(tile.image(), left, top, tileSize, tileSize, null);
    g.setColor(FRAME);
    g.drawRect(left - 1, top - 1, tileSize + 1, tileSize + 1);
    g.setColor(Color.BLACK);
    int y = top + tileSize + 4;
    for (String line : tile.caption()) {
      Canvas.centred(g, Canvas.SMALL, line, x + cellWidth / 2, y);
      y += Canvas.lineHeight(Canvas.SMALL);
    }
  }

  private int scaleBlockWidth() {
    int ticks = 0;
    for (double v : tickValues()) {
      ticks = Math.max(ticks, Canvas.textWidth(Canvas.SMALL, Numbers.short3(v)));
    }
    return Math.max(BAR_WIDTH + 6 + ticks, Canvas.textWidth(Canvas.SMALL, scale.label()));
  }

  private int scaleBlockHeight() {
    return Canvas.lineHeight(Canvas.SMALL) + 4 + BAR_HEIGHT + Canvas.lineHeight(Canvas.SMALL);
  }

  private double[] tickValues() {
    return new double[] {scale.max(), (scale.min() + scale.max()) / 2, scale.min()};
  }

  private void drawScale(Graphics2D g, int x, int top) {
    Canvas.left(g, Canvas.SMALL, scale.label(), x, top);
    int barTop = top + Canvas.lineHeight(Canvas.SMALL) + 4 + Canvas.lineHeight(Canvas.SMALL) / 2;
    for (int i = 0; i < BAR_HEIGHT; i++) {
      g.setColor(scale.map().color(1.0 - (double) i / (BAR_HEIGHT - 1)));
      g.fillRect(x, barTop + i, BAR_WIDTH, 1);
    }
    g.setColor(FRAME);
    g.drawRect(x, barTop, BAR_WIDTH, BAR_HEIGHT - 1);
    g.setColor(Color.BLACK);
    double[] ticks = tickValues();
    int half = Canvas.lineHeight(Canvas.SMALL) / 2;
    for (int i = 0; i < ticks.length; i++) {
      int tickY = barTop + i * (BAR_HEIGHT - 1) / (ticks.length - 1);
      g.drawLine(x + BAR_WIDTH, tickY, x + BAR_WIDTH + 4, tickY);
      Canvas.left(g, Canvas.SMALL, Numbers.short3(ticks[i]), x + BAR_WIDTH + 6, tickY - half);
    }
  }
}
