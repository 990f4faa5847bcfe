package org.fmnist.serving;

/** One-line error messages out of exceptions whose messages may span lines (TensorFlow's do). */
public final class ErrorMessages {
  private ErrorMessages() {}

  /** The first non-blank line (TensorFlow's run-time errors start with a line break). */
  public static String firstLine(Throwable e) {
    String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().filter(line -> !line.isBlank()).findFirst().orElseThrow().strip();
  }
}
