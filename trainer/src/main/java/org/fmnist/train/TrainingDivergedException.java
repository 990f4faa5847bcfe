package org.fmnist.train;

import org.fmnist.errors.UserError;

/**
 * The training loss became NaN or infinite (as Keras's TerminateOnNaN would stop): the run stops,
 * its last checkpoint (the last good epoch) is kept. Usually a learning rate too high.
 */
public final class TrainingDivergedException extends UserError {
  public TrainingDivergedException(String message) {
    super(message);
  }
}
