package org.fmnist.serving;

/** The runtime refused a model's inputs (a shape or value its graph cannot take): the caller's fault. */
public final class InvalidInputException extends IllegalArgumentException {
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
