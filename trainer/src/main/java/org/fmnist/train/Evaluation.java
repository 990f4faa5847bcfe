package org.fmnist.train;

import java.util.Locale;
import org.fmnist.data.ClassNames;
import org.fmnist.data.LabeledImages;
import org.fmnist.model.Evaluator;

/** Loss, accuracy, per-class accuracy and confusion matrix (rows: true class, columns: predicted). */
public record Evaluation(double loss, double accuracy, double[] perClassAccuracy, int[][] confusion) {

  public static Evaluation of(LabeledImages data, Evaluator.Predictions predictions) {
    int classes = ClassNames.COUNT;
    int[][] confusion = new int[classes][classes];
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      int truth = data.label(i);
      int predicted = predictions.predicted()[i];
      confusion[truth][predicted]++;
      if (truth == predicted) {
        correct++;
      }
    }
    double[] perClass = new double[classes];
    for (int c = 0; c < classes; c++) {
      int total = java.util.Arrays.stream(confusion[c]).sum();
      perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
    }
    return new Evaluation(
        predictions.meanLoss(), (double) correct / data.size(), perClass, confusion);
  }

  /** A readable report: totals, per-class accuracy and the confusion matrix. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "test_loss: %.4f - test_accuracy: %.4f%n%n", loss, accuracy));
    out.append(String.format(Locale.ROOT, "%-12s %8s%n", "class", "accuracy"));
    for (int c = 0; c < perClassAccuracy.length; c++) {
      out.append(String.format(Locale.ROOT, "%-12s %8.4f%n", ClassNames.of(c), perClassAccuracy[c]));
    }
    out.append("\nconfusion matrix (rows: true, columns: predicted)\n");
    out.append(String.format(Locale.ROOT, "%-12s", ""));
    for (int c = 0; c < confusion.length; c++) {
      out.append(String.format(Locale.ROOT, "%6d", c));
    }
    out.append('\n');
    for (int r = 0; r < confusion.length; r++) {
      out.append(String.format(Locale.ROOT, "%-12s", r + " " + abbreviate(ClassNames.of(r))));
      for (int c = 0; c < confusion.length; c++) {
        out.append(String.format(Locale.ROOT, "%6d", confusion[r][c]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  public String confusionCsv() {
    StringBuilder out = new StringBuilder("true\\predicted");
    for (String name : ClassNames.ALL) {
      out.append(',').append(name);
    }
    out.append('\n');
    for (int r = 0; r < confusion.length; r++) {
      out.append(ClassNames.of(r));
      for (int v : confusion[r]) {
        out.append(',').append(v);
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String abbreviate(String name) {
    return name.length() <= 9 ? name : name.substring(0, 9);
  }
}
