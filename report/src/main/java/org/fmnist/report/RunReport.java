package org.fmnist.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fmnist.data.ClassNames;
import org.fmnist.io.Json;
import org.fmnist.model.ModelSpec;
import org.fmnist.train.DatasetProvenance;
import org.fmnist.train.Evaluation;
import org.fmnist.train.History;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.TrainingConfig;

/**
 * A run's pictures and its {@code report.html}: summary, model diagram, metrics, learning curves,
 * confusion matrix and per-class accuracy, plus whatever pictures of the model the caller adds.
 */
public final class RunReport {
  public static final String HTML = "report.html";
  public static final String LOSS_CURVES = "loss_curves.png";
  public static final String ACCURACY_CURVES = "accuracy_curves.png";
  public static final String CONFUSION_MATRIX = "confusion_matrix.png";
  public static final String PER_CLASS_ACCURACY = "per_class_accuracy.png";

  private RunReport() {}

  /** What {@code fmnist train} leaves: the pictures made from the run's files, and the report. */
  public static List<Path> afterTraining(RunDirectory run) {
    return write(run, Json.read(run.testMetrics(), Evaluation.class), List.of(), run.path());
  }

  /**
   * Writes the run's standard pictures, then {@code modelFigures}, then {@code report.html} into
   * {@code folder}; returns the files written.
   */
  public static List<Path> write(
      RunDirectory run, Evaluation test, List<Figure> modelFigures, Path folder) {
    History history = Json.read(run.historyJson(), History.class);
    Figure diagram =
        Figure.of(ModelDiagram.FILE, "The model, layer by layer", ModelDiagram.draw(run.readConfig().modelSpec()));
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.of(LOSS_CURVES, "Training and validation loss per epoch", RunCharts.lossCurves(history)));
    figures.add(Figure.of(ACCURACY_CURVES, "Training and validation accuracy per epoch", RunCharts.accuracyCurves(history)));
    figures.add(Figure.of(CONFUSION_MATRIX, "Confusion matrix on the test set", RunCharts.confusionMatrix(test)));
    figures.add(Figure.of(PER_CLASS_ACCURACY, "Test accuracy per class", RunCharts.perClassAccuracy(test)));
    figures.addAll(modelFigures);

    List<Figure> all = new ArrayList<>(List.of(diagram));
    all.addAll(figures);
    List<Path> written = Figure.writeAll(all, folder);
    Path html = folder.resolve(HTML);
    html(run, history, test, diagram, figures).write(html);
    written.add(html);
    return written;
  }

  private static HtmlReport html(
      RunDirectory run, History history, Evaluation test, Figure diagram, List<Figure> figures) {
    TrainingConfig config = run.readConfig();
    ModelSpec spec = config.modelSpec();
    HtmlReport report = new HtmlReport("Run " + run.path().getFileName() + ": " + spec.name());
    report.heading("Summary").table(summary(run, config, spec, history, test));
    report.heading("Model").preformatted(readSummary(run)).figure(diagram);
    report.heading("Test metrics").table(perClass(test));
    report.heading("History").table(history(history));
    report.heading("Pictures");
    figures.forEach(report::figure);
    return report;
  }

  private static Table summary(
      RunDirectory run, TrainingConfig config, ModelSpec spec, History history, Evaluation test) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("model", spec.name() + " (" + spec.toText() + ")"));
    rows.add(List.of("parameters", Numbers.grouped(spec.parameters())));
    rows.add(List.of("epochs run", history.epochs().size() + " of " + config.epochs()));
    rows.add(List.of("batch size", Integer.toString(config.batchSize())));
    rows.add(List.of("optimizer", "Adam, learning rate " + config.learningRate()));
    rows.add(List.of("validation split", Double.toString(config.validationSplit())));
    rows.add(List.of("seed", Long.toString(config.seed())));
    rows.add(List.of("training images used", config.limitTrain() > 0 ? "first " + config.limitTrain() : "all"));
    if (Files.isRegularFile(run.dataset())) {
      rows.add(List.of("dataset", Json.read(run.dataset(), DatasetProvenance.class).source()));
    }
    rows.add(List.of("test loss", Numbers.fixed(test.loss(), 4)));
    rows.add(List.of("test accuracy", Numbers.percent(test.accuracy(), 2)));
    return new Table(List.of("item", "value"), rows);
  }

  private static Table perClass(Evaluation test) {
    List<List<String>> rows = new ArrayList<>();
    for (int c = 0; c < test.perClassAccuracy().length; c++) {
      int total = Arrays.stream(test.confusion()[c]).sum();
      rows.add(
          List.of(
              ClassNames.of(c),
              test.confusion()[c][c] + " / " + total,
              Numbers.percent(test.perClassAccuracy()[c], 2)));
    }
    rows.add(List.of("all classes", "", Numbers.percent(test.accuracy(), 2)));
    return new Table(List.of("class", "correct / images", "accuracy"), rows);
  }

  private static Table history(History history) {
    List<List<String>> rows = new ArrayList<>();
    for (History.Epoch e : history.epochs()) {
      rows.add(
          List.of(
              Integer.toString(e.epoch()),
              Numbers.fixed(e.loss(), 4),
              Numbers.percent(e.accuracy(), 2),
              Numbers.fixed(e.valLoss(), 4),
              Numbers.percent(e.valAccuracy(), 2),
              Numbers.fixed(e.seconds(), 1)));
    }
    return new Table(
        List.of("epoch", "loss", "accuracy", "val loss", "val accuracy", "seconds"), rows);
  }

  private static String readSummary(RunDirectory run) {
    try {
      return Files.readString(run.summary());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + run.summary() + ": " + e.getMessage(), e);
    }
  }
}
