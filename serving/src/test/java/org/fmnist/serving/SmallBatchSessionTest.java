package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small batches on their own one-intra-op-thread session: chosen only when TensorFlow gives each
 * session its own pool (this module's tests run with TF_OVERRIDE_GLOBAL_THREADPOOL=1, as {@code
 * fmnist serve} does), and answering what the main session answers for the same images.
 */
class SmallBatchSessionTest {
  private static final int ROWS = 64;

  @TempDir Path dir;

  @Test
  void smallBatchesAnswerAsTheMainSessionDoes() {
    FashionTestImages images = FashionTestImages.load();
    float[] pixels = new float[ROWS * FashionTestImages.PIXELS];
    for (int i = 0; i < ROWS; i++) {
      System.arraycopy(images.floats(i), 0, pixels, i * FashionTestImages.PIXELS, FashionTestImages.PIXELS);
    }
    try (SavedModelSession session = SavedModelSession.load(TestModels.exportStandard(dir.resolve("1"), 0.05f))) {
      assertTrue(session.routesSmallBatches(), "TF_OVERRIDE_GLOBAL_THREADPOOL=1 and several cores: small batches get their own session");
      float[] whole = probabilities(session, pixels, 0, ROWS);
      for (int size : new int[] {1, 2, SavedModelSession.SMALL_BATCH, SavedModelSession.SMALL_BATCH + 1}) {
        for (int from = 0; from + size <= ROWS; from += 7 * size) {
          float[] part = probabilities(session, pixels, from, size);
          float[] expected = new float[part.length];
          System.arraycopy(whole, from * TestModels.CLASSES, expected, 0, part.length);
          assertArrayEquals(expected, part, 1e-6f, "batch of " + size + " from image " + from);
        }
      }
    }
  }

  @Test
  void oneIntraOpThreadOrOneSharedPoolNeedsNoSecondSession() {
    TensorFlowThreads defaults = TensorFlowThreads.DEFAULT;
    boolean severalCores = Runtime.getRuntime().availableProcessors() > 1;
    assertEquals(severalCores, defaults.routesSmallBatches(Map.of(TensorFlowThreads.PER_SESSION_POOLS_VARIABLE, "1")));
    assertEquals(severalCores, defaults.routesSmallBatches(Map.of(TensorFlowThreads.PER_SESSION_POOLS_VARIABLE, "true")));
    assertFalse(defaults.routesSmallBatches(Map.of()), "one pool per process: a second session would share it");
    assertFalse(defaults.routesSmallBatches(Map.of(TensorFlowThreads.PER_SESSION_POOLS_VARIABLE, "0")));
    assertFalse(defaults.withIntraOp(1).routesSmallBatches(Map.of(TensorFlowThreads.PER_SESSION_POOLS_VARIABLE, "1")));
    assertTrue(defaults.withIntraOp(2).routesSmallBatches(Map.of(TensorFlowThreads.PER_SESSION_POOLS_VARIABLE, "1")));
  }

  private static float[] probabilities(SavedModelSession session, float[] pixels, int from, int count) {
    float[] batch = new float[count * FashionTestImages.PIXELS];
    System.arraycopy(pixels, from * FashionTestImages.PIXELS, batch, 0, batch.length);
    HostTensor input = HostTensor.ofFloats(new long[] {count, 28, 28, 1}, batch);
    return session.run("serving_default", Map.of("image", input), List.of("probabilities")).get("probabilities").floats();
  }
}
