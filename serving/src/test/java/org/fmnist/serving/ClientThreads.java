package org.fmnist.serving;

import java.util.List;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/** Waiting for what a server does in the background (a poll, an unload, a swap) while test client threads run. */
public final class ClientThreads {
  private ClientThreads() {}

  /** Waits up to 60 s for {@code condition}, failing at once if a client has failed. */
  public static void await(BooleanSupplier condition, String what, List<? extends Future<?>> clients) throws Exception {
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

  /** True when {@code answer} holds {@code expected}'s probabilities within 1e-6. */
  public static boolean matches(Prediction expected, float[] answer) {
    float[] p = expected.probabilities();
    for (int c = 0; c < p.length; c++) {
      if (Math.abs(p[c] - answer[c]) > 1e-6f) {
        return false;
      }
    }
    return true;
  }
}
