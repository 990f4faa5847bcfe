package org.fmnist.report;

import org.fmnist.errors.RunFolderException;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.fmnist.data.ClassNames;
import org.fmnist.train.Evaluation;
import org.fmnist.train.History;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

/** The charts of one run: its learning curves and its test-set evaluation. */
public final class RunCharts {
  private RunCharts() {}

  public static BufferedImage lossCurves(History history) {
    return curves(
        history, "Loss per epoch", "cross-entropy loss (nats)", History.Epoch::loss,
        History.Epoch::valLoss, 1);
  }

  public static BufferedImage accuracyCurves(History history) {
    return curves(
        history, "Accuracy per epoch", "accuracy (%)", History.Epoch::accuracy,
        History.Epoch::valAccuracy, 100);
  }

  private static BufferedImage curves(
      History history,
      String title,
      String yTitle,
      ToDoubleFunction<History.Epoch> training,
      ToDoubleFunction<History.Epoch> validation,
      double factor) {
    if (history.epochs().isEmpty()) {
      throw new RunFolderException("the run has no finished epoch to plot");
    }
    XYChart chart = Charts.lines(title, "epoch", yTitle);
    Charts.epochAxis(chart, history.epochs().size());
    addSeries(chart, "training", history.epochs(), training, factor);
    if (history.epochs().stream().noneMatch(e -> Double.isNaN(validation.applyAsDouble(e)))) {
      addSeries(chart, "validation", history.epochs(), validation, factor);
    }
    return Charts.image(chart);
  }

  private static void addSeries(
      XYChart chart,
      String name,
      List<History.Epoch> epochs,
      ToDoubleFunction<History.Epoch> metric,
      double factor) {
    double[] x = epochs.stream().mapToDouble(History.Epoch::epoch).toArray();
    double[] y = epochs.stream().mapToDouble(e -> factor * metric.applyAsDouble(e)).toArray();
    chart.addSeries(name, x, y);
  }

  public static BufferedImage confusionMatrix(Evaluation test) {
    String title =
        "Confusion matrix on the test set (" + total(test.confusion()) + " images, counts)";
    return Charts.image(new ConfusionHeatMap(test.confusion(), title));
  }

  public static BufferedImage perClassAccuracy(Evaluation test) {
    CategoryChart chart =
        Charts.bars(
            "Test accuracy per class (overall " + Numbers.percent(test.accuracy(), 2) + ")",
            "class",
            "test accuracy (%)");
    double[] percent = new double[test.perClassAccuracy().length];
    for (int c = 0; c < percent.length; c++) {
      percent[c] = 100 * test.perClassAccuracy()[c];
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setXAxisLabelRotation(40);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsPosition(0.9);
    chart.getStyler().setDecimalPattern("0.0");
    chart.addSeries(
        "accuracy",
        ClassNames.ALL.subList(0, percent.length),
        Arrays.stream(percent).boxed().toList());
    return Charts.image(chart);
  }

  private static int total(int[][] confusion) {
    int sum = 0;
    for (int[] row : confusion) {
      for (int v : row) {
        sum += v;
      }
    }
    return sum;
  }
}
