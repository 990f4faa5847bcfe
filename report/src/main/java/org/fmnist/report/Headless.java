package org.fmnist.report;

/**
 * Pictures are drawn off-screen: AWT must never look for a display (a server, CI, a terminal over
 * SSH). The property is read when AWT first starts, so every class that draws calls this first.
 */
final class Headless {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Headless() {}

  static void ensure() {
    // the static initializer has run
  }
}
