package org.fmnist.train;

/**
 * Where a run stands after {@code epochsDone} epochs: its history and early-stopping counters.
 * With the weights and optimizer slots of the same checkpoint it is all a resume needs (the data
 * order and dropout masks of later epochs follow from the seed).
 */
public record TrainingState(
    int epochsDone, History history, double bestValLoss, int bestEpoch, int epochsWithoutImprovement,
    boolean stoppedEarly) {

  /** The same state, marked as finished before its last planned epoch. */
  public TrainingState stopped() {
    return new TrainingState(
        epochsDone, history, bestValLoss, bestEpoch, epochsWithoutImprovement, true);
  }

  public static TrainingState initial() {
    return new TrainingState(0, History.empty(), Double.POSITIVE_INFINITY, 0, 0, false);
  }
}
