package org.fmnist.errors;

/**
 * A failure caused by what the user gave (a file, a spec, an option value, a folder), told in one
 * line that does not name a command-line flag. Anything else thrown by fmnist is a bug.
 */
public abstract class UserError extends RuntimeException {
  protected UserError(String message) {
    super(message);
  }

  protected UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
