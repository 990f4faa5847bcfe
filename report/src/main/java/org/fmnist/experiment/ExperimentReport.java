package org.fmnist.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.fmnist.report.Charts;
import org.fmnist.report.Figure;
import org.fmnist.report.HtmlReport;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The experiment's pictures and its {@code report.html}. */
public final class ExperimentReport {
  public static final String HTML = "report.html";
  public static final String ACCURACY = "test_accuracy.png";
  public static final String PARAMETERS = "parameters.png";
  public static final String SECONDS = "seconds_per_epoch.png";
  public static final String CURVES = "validation_accuracy.png";

  private static final BasicStroke[] SEED_LINES = {
    new BasicStroke(2f),
    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f),
    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f),
  };

  private ExperimentReport() {}

  /** Writes the pictures and {@code report.html} into {@code folder}; returns the files. */
  public static List<Path> write(ExperimentResults results, Path folder) {
    List<Figure> figures =
        List.of(
            Figure.of(ACCURACY, "Test accuracy per model, mean ± sd over seeds", accuracy(results)),
            Figure.of(PARAMETERS, "Trainable parameters per model", parameters(results)),
            Figure.of(SECONDS, "Training time per epoch, mean ± sd over seeds", seconds(results)),
            Figure.of(CURVES, "Validation accuracy of every run", curves(results)));
    List<Path> files = Figure.writeAll(figures, folder);
    HtmlReport html = new HtmlReport("Kernel-size experiment");
    html.heading("Fixed recipe").bullets(results.recipe().describe()).table(results.modelsTable());
    html.heading("Results (mean ± sample standard deviation over seeds)").table(results.table());
    html.heading("Runs").table(results.runsTable());
    html.heading("Pictures");
    figures.forEach(html::figure);
    Path report = folder.resolve(HTML);
    html.write(report);
    files.add(report);
    return files;
  }

  static BufferedImage accuracy(ExperimentResults results) {
    CategoryChart chart =
        meanWithError(
            results, "Test accuracy (mean ± sd over seeds)", "test accuracy (%)",
            s -> 100 * s.testAccuracy().mean(), s -> 100 * s.testAccuracy().sd());
    // Differences of a fraction of a point matter here: dots on a zoomed axis, not bars from 0.
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setYAxisMin(null);
    chart.getStyler().setMarkerSize(10);
    chart.getStyler().setDecimalPattern("0.00");
    return Charts.image(chart);
  }

  static BufferedImage seconds(ExperimentResults results) {
    CategoryChart chart =
        meanWithError(
            results, "Training time per epoch (mean ± sd over seeds)", "seconds per epoch (s)",
            s -> s.secondsPerEpoch().mean(), s -> s.secondsPerEpoch().sd());
    chart.getStyler().setDecimalPattern("0.0");
    return Charts.image(chart);
  }

  private static CategoryChart meanWithError(
      ExperimentResults results,
      String title,
      String yTitle,
      ToDoubleFunction<VariantSummary> mean,
      ToDoubleFunction<VariantSummary> sd) {
    CategoryChart chart = Charts.bars(title, "model (kernel size)", yTitle);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsPosition(0.5);
    chart.getStyler().setYAxisMin(0.0);
    List<Double> means = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    for (VariantSummary s : results.configurations()) {
      means.add(mean.applyAsDouble(s));
      double e = sd.applyAsDouble(s);
      errors.add(Double.isNaN(e) ? 0.0 : e);
    }
    chart.addSeries("mean", labels(results), means, errors);
    return chart;
  }

  static BufferedImage parameters(ExperimentResults results) {
    CategoryChart chart = Charts.bars("Parameters per model", "model (kernel size)", "parameters");
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsPosition(0.5);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setDecimalPattern("#,##0");
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.addSeries(
        "parameters",
        labels(results),
        results.configurations().stream().map(s -> (Number) s.parameters()).toList());
    return Charts.image(chart);
  }

  /** One line per run: the colour names the model, the dash pattern the seed. */
  static BufferedImage curves(ExperimentResults results) {
    XYChart chart =
        Charts.lines("Validation accuracy of every run", "epoch", "validation accuracy (%)");
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    int maxEpochs = 1;
    for (RunOutcome run : results.runs()) {
      List<Double> accuracy = run.validationAccuracy();
      maxEpochs = Math.max(maxEpochs, accuracy.size());
      double[] x = new double[accuracy.size()];
      double[] y = new double[accuracy.size()];
      for (int e = 0; e < x.length; e++) {
        x[e] = e + 1;
        y[e] = 100 * accuracy.get(e);
      }
      XYSeries series = chart.addSeries(run.model() + " seed " + run.seed(), x, y);
      Color colour = Charts.seriesColour(modelIndex(results, run));
      series.setLineColor(colour);
      series.setMarkerColor(colour);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setLineStyle(SEED_LINES[(int) ((run.seed() - 1) % SEED_LINES.length)]);
    }
    Charts.epochAxis(chart, maxEpochs);
    return Charts.image(chart);
  }

  private static int modelIndex(ExperimentResults results, RunOutcome run) {
    for (int i = 0; i < results.configurations().size(); i++) {
      if (results.configurations().get(i).model().equals(run.model())) {
        return i;
      }
    }
    throw new IllegalStateException("run of unknown model " + run.model());
  }

  private static List<String> labels(ExperimentResults results) {
    return results.variants().stream().map(Variant::shortLabel).toList();
  }
}
