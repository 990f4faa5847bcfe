package org.fmnist.cli;

/** Log lines go to stderr; results go to stdout. */
final class Logs {
  private Logs() {}

  static void info(String line) {
    System.err.println(line);
  }
}
