package org.fmnist.serving;

/** One-line error messages out of exceptions whose messages may span lines (TensorFlow's do). */
public final class ErrorMessages {
  private ErrorMessages() {}

  public static String firstLine(Throwable e) {
    String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }
}
