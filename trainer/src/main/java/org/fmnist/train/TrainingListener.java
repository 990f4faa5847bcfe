package org.fmnist.train;

/** Callbacks of the training loop, in Keras's spirit; each listener does one thing. */
public interface TrainingListener {
  /** Once, after the graph is initialized or restored and before the first epoch runs. */
  default void onTrainingBegin(TrainingGraph graph) {}

  default void onEpochBegin(int epoch, int epochs, int steps) {}

  /** After each step, with the epoch's running means so far. */
  default void onBatchEnd(int step, int steps, double loss, double accuracy) {}

  default void onEpochEnd(History.Epoch epoch, TrainingState state) {}
}
