package org.fmnist.model;

import org.fmnist.errors.UserError;

/** An invalid model spec; the message is one line for the user. */
public final class SpecException extends UserError {
  public SpecException(String message) {
    super(message);
  }
}
