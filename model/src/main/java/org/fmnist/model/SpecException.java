package org.fmnist.model;

/** An invalid model spec; the message is one line for the user. */
public final class SpecException extends RuntimeException {
  public SpecException(String message) {
    super(message);
  }
}
