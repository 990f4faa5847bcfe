package org.fmnist.train;

/**
 * Keras's {@code EarlyStopping(monitor="val_loss", patience=N, restore_best_weights=True)}: stop
 * after {@code patience} epochs without a lower validation loss. Patience 0 never stops but still
 * tracks the best epoch.
 */
public record EarlyStopping(int patience) {

  /** The state after an epoch whose validation loss was {@code valLoss}. */
  public TrainingState update(TrainingState before, History.Epoch epoch) {
    History history = before.history().plus(epoch);
    boolean improved = epoch.valLoss() < before.bestValLoss();
    double best = improved ? epoch.valLoss() : before.bestValLoss();
    int bestEpoch = improved ? epoch.epoch() : before.bestEpoch();
    int wait = improved ? 0 : before.epochsWithoutImprovement() + 1;
    boolean stop = patience > 0 && wait >= patience;
    return new TrainingState(epoch.epoch(), history, best, bestEpoch, wait, stop);
  }

  public boolean improved(TrainingState state, History.Epoch epoch) {
    return state.bestEpoch() == epoch.epoch();
  }
}
