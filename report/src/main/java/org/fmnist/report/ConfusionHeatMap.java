package org.fmnist.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fmnist.data.ClassNames;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;

/**
 * The confusion matrix as an XChart heat map (viridis, true classes top to bottom, predicted left
 * to right) with each cell's count written in black or white, whichever reads on its colour:
 * XChart's own cell values have one colour, which is unreadable at one end of any colour map.
 */
final class ConfusionHeatMap extends HeatMapChart {
  private static final Font COUNT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private final int[][] confusion;
  private final int max;

  ConfusionHeatMap(int[][] confusion, String title) {
    super(760, 780, Styler.ChartTheme.XChart);
    this.confusion = confusion;
    int n = confusion.length;
    int largest = 1;
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        largest = Math.max(largest, confusion[t][p]);
        cells.add(new Number[] {p, n - 1 - t, confusion[t][p]});
      }
    }
    this.max = largest;
    Charts.label(this, title, "predicted class", "true class");
    Charts.style(getStyler());
    getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    getStyler().setHeatMapDecimalValueFormatter(v -> Long.toString(Math.round(v)));
    getStyler().setRangeColors(ColourMap.VIRIDIS.colours(11));
    getStyler().setMin(0);
    getStyler().setMax(largest);
    getStyler().setShowValue(false);
    getStyler().setPlotContentSize(1.0);
    getStyler().setXAxisLabelRotation(40);
    List<String> trueClasses = new ArrayList<>(ClassNames.ALL.subList(0, n));
    Collections.reverse(trueClasses);
    addSeries("images", ClassNames.ALL.subList(0, n), trueClasses, cells);
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    super.paint(g, width, height);
    // With a plot content size of 1 the cells split the plot area evenly.
    Rectangle2D plotArea = plot.getBounds();
    int n = confusion.length;
    double cellWidth = plotArea.getWidth() / n;
    double cellHeight = plotArea.getHeight() / n;
    g.setFont(COUNT);
    FontMetrics m = g.getFontMetrics();
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        String text = Integer.toString(confusion[t][p]);
        double cx = plotArea.getX() + (p + 0.5) * cellWidth;
        double cy = plotArea.getY() + (t + 0.5) * cellHeight;
        g.setColor(ColourMap.textOn(ColourMap.VIRIDIS.rgb(confusion[t][p], 0, max)));
        g.drawString(
            text,
            (float) (cx - m.stringWidth(text) / 2.0),
            (float) (cy + (m.getAscent() - m.getDescent()) / 2.0));
      }
    }
  }
}
