package org.fmnist.train;

/** Callbacks of the training loop, in Keras's spirit; each listener does one thing. */
public interface TrainingListener {
  /**
   * Once, after the graph is initialized or restored and before the first epoch runs; {@code state}
   * is where a resumed run stands (epoch 0 for a fresh one).
   */
  default void onTrainingBegin(TrainingGraph graph, RunDirectory run, TrainingState state) {}

  default void onEpochBegin(int epoch, int epochs, int steps) {}

  /** After each step, with the epoch's running means so far. */
  default void onBatchEnd(int step, int steps, double loss, double accuracy) {}

  /** After the epoch's checkpoint and history are on disk. */
  default void onEpochEnd(History.Epoch epoch, TrainingState state) {}

  /** After the test set is evaluated with the run's final weights. */
  default void onTrainingEnd(Evaluation test) {}

  /** Always last, also when training failed: release what {@code onTrainingBegin} opened. */
  default void onTrainingFinished() {}
}
