package org.fmnist.train;

import org.fmnist.data.LabeledImages;
import org.fmnist.io.AtomicFiles;
import org.fmnist.io.Json;
import org.fmnist.model.Evaluator;
import org.fmnist.model.InferenceGraph;
import org.fmnist.model.RestoredModel;

/** Test-set evaluation of a run: after training, or later from the run folder alone. */
public final class RunEvaluation {
  private RunEvaluation() {}

  /** Restores the run's final weights and evaluates them on {@code test}. */
  public static Evaluation evaluate(RunDirectory run, LabeledImages test, int threads) {
    try (RestoredModel model = restore(run, threads)) {
      return evaluateAndSave(model.evaluator(), run, test);
    }
  }

  /** The run's model for evaluation (uint8 input) with its final checkpoint's weights. */
  public static RestoredModel restore(RunDirectory run, int threads) {
    return RestoredModel.restore(
        run.readConfig().modelSpec(),
        Checkpoints.variables(run.finalCheckpoint()),
        InferenceGraph.Input.UINT8,
        Device.CPU.resolve(threads).sessionConfig());
  }

  static Evaluation evaluateAndSave(Evaluator evaluator, RunDirectory run, LabeledImages test) {
    Evaluation evaluation = Evaluation.of(test, evaluator.evaluate(test, false));
    Json.writeAtomically(run.testMetrics(), evaluation);
    AtomicFiles.writeString(run.confusionCsv(), evaluation.confusionCsv());
    return evaluation;
  }
}
