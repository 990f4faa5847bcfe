package org.fmnist.experiment;

import java.util.List;
import org.fmnist.io.Json;
import org.fmnist.train.Evaluation;
import org.fmnist.train.History;
import org.fmnist.train.RunDirectory;

/** What one finished run of the experiment measured, read back from its run folder. */
public record RunOutcome(
    String model,
    Integer kernel,
    long seed,
    long parameters,
    double testAccuracy,
    double testLoss,
    double secondsPerEpoch,
    int bestEpoch,
    List<Double> validationAccuracy,
    String folder) {

  static RunOutcome read(Variant variant, long seed, RunDirectory run, String folder) {
    History history = Json.read(run.historyJson(), History.class);
    Evaluation test = Json.read(run.testMetrics(), Evaluation.class);
    return new RunOutcome(
        variant.label(),
        variant.kernel(),
        seed,
        variant.spec().parameters(),
        test.accuracy(),
        test.loss(),
        history.epochs().stream().mapToDouble(History.Epoch::seconds).average().orElse(Double.NaN),
        bestEpoch(history),
        history.epochs().stream().map(History.Epoch::valAccuracy).toList(),
        folder);
  }

  /** The epoch with the lowest validation loss (the first of equals), 0 without validation. */
  static int bestEpoch(History history) {
    int best = 0;
    double lowest = Double.POSITIVE_INFINITY;
    for (History.Epoch e : history.epochs()) {
      if (e.valLoss() < lowest) {
        lowest = e.valLoss();
        best = e.epoch();
      }
    }
    return best;
  }
}
