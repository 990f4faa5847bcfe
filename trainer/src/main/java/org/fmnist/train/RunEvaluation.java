package org.fmnist.train;

import org.fmnist.data.LabeledImages;
import org.fmnist.io.AtomicFiles;
import org.fmnist.io.Json;

/** Test-set evaluation of a run: after training, or later from the run folder alone. */
public final class RunEvaluation {
  private RunEvaluation() {}

  /** Restores the run's final weights and evaluates them on {@code test}. */
  public static Evaluation evaluate(RunDirectory run, LabeledImages test, int threads) {
    TrainingConfig config = run.readConfig();
    try (TrainingGraph graph =
        new TrainingGraph(config.modelSpec(), config.seed(), Device.CPU.resolve(threads))) {
      graph.restore(Checkpoints.variables(run.finalCheckpoint()));
      return evaluateAndSave(graph, run, test);
    }
  }

  static Evaluation evaluateAndSave(TrainingGraph graph, RunDirectory run, LabeledImages test) {
    Evaluation evaluation = Evaluation.of(test, graph.evaluate(test, false));
    Json.writeAtomically(run.testMetrics(), evaluation);
    AtomicFiles.writeString(run.confusionCsv(), evaluation.confusionCsv());
    return evaluation;
  }
}
