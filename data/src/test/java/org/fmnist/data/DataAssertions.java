package org.fmnist.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions on the one-line messages of {@link DataException}. */
final class DataAssertions {
  private DataAssertions() {}

  /** Runs {@code action}, expecting a one-line {@link DataException}; returns its message. */
  static String failure(Executable action) {
    String message = assertThrows(DataException.class, action).getMessage();
    assertFalse(message.contains("\n"), () -> "not one line: " + message);
    return message;
  }

  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "\"" + part + "\" missing in: " + message);
    }
  }
}
