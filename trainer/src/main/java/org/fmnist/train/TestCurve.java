package org.fmnist.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.fmnist.data.LabeledImages;
import org.fmnist.io.AtomicFiles;

/**
 * {@code --test-every-epoch}: after each epoch, outside the epoch's timing, evaluates the test set
 * and logs it and records it in the run's {@code test_curve.csv} (epoch, test_loss,
 * test_accuracy), for learning curves and benchmarks. Nothing in training looks at it: early
 * stopping and {@code --target-accuracy} watch the validation split only.
 */
public final class TestCurve implements TrainingListener {
  static final String HEADER = "epoch,test_loss,test_accuracy";

  private final LabeledImages test;
  private final Path csv;
  private final Consumer<String> log;
  private TrainingGraph graph;

  public TestCurve(LabeledImages test, RunDirectory run, Consumer<String> log) {
    this.test = test;
    this.csv = run.testCurve();
    this.log = log;
  }

  @Override
  public void onTrainingBegin(TrainingGraph graph, RunDirectory run, TrainingState state) {
    this.graph = graph;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, TrainingState state) {
    Evaluation e = Evaluation.of(test, graph.evaluator().evaluate(test, false));
    log.accept(
        String.format(
            Locale.ROOT, "epoch %d: test_loss: %.4f - test_accuracy: %.4f", epoch.epoch(), e.loss(),
            e.accuracy()));
    String row = String.format(Locale.ROOT, "%d,%.6f,%.6f%n", epoch.epoch(), e.loss(), e.accuracy());
    AtomicFiles.writeString(csv, earlierRows(epoch.epoch()) + row);
  }

  /** The header and the rows of epochs before {@code epoch} (a resumed run keeps its curve). */
  private String earlierRows(int epoch) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    if (Files.isRegularFile(csv)) {
      try {
        for (String line : Files.readAllLines(csv)) {
          String first = line.split(",", 2)[0];
          if (first.matches("\\d+") && Integer.parseInt(first) < epoch) {
            out.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
      }
    }
    return out.toString();
  }
}
