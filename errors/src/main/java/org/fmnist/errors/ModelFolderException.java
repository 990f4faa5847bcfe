package org.fmnist.errors;

/** An exported model folder or model base path is missing, unreadable or would be overwritten. */
public final class ModelFolderException extends UserError {
  public ModelFolderException(String message) {
    super(message);
  }

  public ModelFolderException(String message, Throwable cause) {
    super(message, cause);
  }
}
