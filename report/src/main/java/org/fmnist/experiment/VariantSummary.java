package org.fmnist.experiment;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** One model's results over its seeds: mean ± sample standard deviation of each measure. */
public record VariantSummary(
    String model,
    Integer kernel,
    long parameters,
    int runs,
    Stat testAccuracy,
    Stat testLoss,
    Stat secondsPerEpoch,
    Stat bestEpoch) {

  static VariantSummary of(Variant variant, List<RunOutcome> runs) {
    return new VariantSummary(
        variant.label(),
        variant.kernel(),
        variant.spec().parameters(),
        runs.size(),
        stat(runs, RunOutcome::testAccuracy),
        stat(runs, RunOutcome::testLoss),
        stat(runs, RunOutcome::secondsPerEpoch),
        stat(runs, RunOutcome::bestEpoch));
  }

  private static Stat stat(List<RunOutcome> runs, ToDoubleFunction<RunOutcome> measure) {
    return Stat.of(runs.stream().mapToDouble(measure).toArray());
  }
}
