package org.fmnist.serving.rest;

import java.util.List;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/** Waiting for what a server does in the background (a poll, an unload), failing at once when a client thread has failed. */
final class Eventually {
  private Eventually() {}

  static void await(BooleanSupplier condition, String what, List<? extends Future<?>> clients) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      for (Future<?> client : clients) {
        if (client.isDone()) {
          client.get();
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
