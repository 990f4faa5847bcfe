package org.fmnist.data;

import org.fmnist.errors.UserError;

/** A problem with dataset files, reported to the user as one line (the message) with no stack trace. */
public final class DataException extends UserError {
  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
