package org.fmnist.errors;

/** A run folder is missing, incomplete, unreadable, taken by another run or holds another run. */
public final class RunFolderException extends UserError {
  public RunFolderException(String message) {
    super(message);
  }

  public RunFolderException(String message, Throwable cause) {
    super(message, cause);
  }
}
