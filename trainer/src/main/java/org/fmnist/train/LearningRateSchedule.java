package org.fmnist.train;

/** The learning rate at a global step (0-based, counted over all epochs). */
@FunctionalInterface
public interface LearningRateSchedule {
  double at(long step);

  static LearningRateSchedule constant(double rate) {
    return step -> rate;
  }
}
