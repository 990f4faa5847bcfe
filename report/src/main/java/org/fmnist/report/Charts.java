package org.fmnist.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** XChart charts in the project's one style: white, legible fonts, colour-blind-safe series. */
public final class Charts {
  static {
    Headless.ensure();
  }

  public static final int WIDTH = 800;
  public static final int HEIGHT = 500;

  /** The Okabe-Ito palette (without its yellow, too light on white). */
  private static final Color[] SERIES = {
    new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
    new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000)
  };

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private Charts() {}

  /** Series colour {@code i}, repeating after the palette's seven colours. */
  public static Color seriesColour(int i) {
    return SERIES[i % SERIES.length];
  }

  public static XYChart lines(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChart(WIDTH, HEIGHT);
    label(chart, title, xTitle, yTitle);
    style(chart.getStyler());
    chart.getStyler().setMarkerSize(7);
    return chart;
  }

  public static CategoryChart bars(String title, String xTitle, String yTitle) {
    CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
    label(chart, title, xTitle, yTitle);
    style(chart.getStyler());
    chart.getStyler().setAvailableSpaceFill(0.7);
    chart.getStyler().setErrorBarsColor(Color.BLACK);
    chart.getStyler().setLabelsFont(TICKS);
    return chart;
  }

  /**
   * An x axis of epochs 1..{@code epochs}: whole numbers only (XChart may put ticks at halves), and
   * room on both sides of a lone first epoch instead of a zero-width range.
   */
  public static void epochAxis(XYChart chart, int epochs) {
    chart
        .getStyler()
        .setxAxisTickLabelsFormattingFunction(
            x -> x == Math.rint(x) ? Long.toString(Math.round(x)) : "");
    if (epochs == 1) {
      chart.getStyler().setXAxisMin(0.0);
      chart.getStyler().setXAxisMax(2.0);
    }
  }

  public static BufferedImage image(Chart<?, ?> chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  static void label(Chart<?, ?> chart, String title, String xTitle, String yTitle) {
    chart.setTitle(title);
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
  }

  static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.GRAY);
    s.setPlotGridLinesColor(new Color(0xDDDDDD));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleFont(TITLE);
    s.setChartTitleBoxVisible(false);
    s.setAxisTitleFont(AXIS_TITLE);
    s.setAxisTickLabelsFont(TICKS);
    s.setLegendFont(TICKS);
    s.setLegendBorderColor(Color.LIGHT_GRAY);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setSeriesColors(SERIES);
    s.setChartPadding(14);
    s.setToolTipsEnabled(false);
    s.setAntiAlias(true);
  }
}
