package org.fmnist.serving.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.InvalidInputException;
import org.fmnist.serving.ModelBackend;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side batching on the real test model: merged runs equal single runs; oversized and queue-full requests are refused. */
class BatchingBackendTest {
  static final String KEY = "serving_default";
  @TempDir static Path base;
  static ImageClassifier classifier;
  static FashionTestImages images;

  @BeforeAll
  static void load() {
    images = FashionTestImages.load();
    classifier = ImageClassifier.load(TestModels.exportStandard(base.resolve("fashion/1"), 0.2f));
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  /** Recorded batches: examples and padded rows. */
  static final class Recorder implements BatchStatistics {
    final ConcurrentLinkedQueue<int[]> batches = new ConcurrentLinkedQueue<>();

    @Override
    public void queued(int requests) {}

    @Override
    public void batch(int examples, int paddedRows) {
      batches.add(new int[] {examples, paddedRows});
    }
  }

  static Map<String, HostTensor> feeds(int first, int count) {
    float[] pixels = new float[count * 784];
    for (int i = 0; i < count; i++) {
      System.arraycopy(images.floats((first + i) % images.size()), 0, pixels, i * 784, 784);
    }
    return Map.of("image", HostTensor.ofFloats(new long[] {count, 28, 28, 1}, pixels));
  }

  /**
   * Sixteen threads send requests of 1 to 3 images; every batch is padded to 8 rows. TensorFlow's
   * kernels give results that depend (by ~1e-5 on this model) on the batch size, not on the other
   * rows: so each request's answer must equal an unbatched run of its own images padded to 8 rows.
   */
  @Test
  void concurrentRequestsAreMergedPaddedAndSplitIntoTheUnbatchedResults() throws Exception {
    Recorder recorder = new Recorder();
    ModelBackend plain = classifier.backend();
    try (BatchingBackend batching = new BatchingBackend(plain, new BatchingParameters(8, 2_000, 1000, 1, List.of(8)), recorder)) {
      concurrently(
          16,
          40,
          (client, r) -> {
            int first = client * 300 + r * 7;
            int count = 1 + (client + r) % 3;
            Map<String, HostTensor> batched = batching.run(KEY, feeds(first, count));
            Map<String, HostTensor> alone = plain.run(KEY, Map.of("image", TensorRows.concat(List.of(feeds(first, count).get("image")), 8)));
            assertEquals(alone.keySet(), batched.keySet());
            for (String output : alone.keySet()) {
              HostTensor expected = TensorRows.slice(alone.get(output), 0, count);
              assertEquals(Arrays.toString(expected.shape()), Arrays.toString(batched.get(output).shape()));
              assertArrayEquals(expected, batched.get(output));
            }
          });
    }
    assertTrue(recorder.batches.stream().anyMatch(b -> b[0] > 3), "some batch merged several requests");
    assertTrue(recorder.batches.stream().allMatch(b -> b[0] <= 8 && b[1] == 8), "every batch within max_batch_size, padded to 8");
  }

  @Test
  void withoutAllowedSizesABatchRunsAtItsOwnSize() throws Exception {
    Recorder recorder = new Recorder();
    try (BatchingBackend batching = new BatchingBackend(classifier.backend(), new BatchingParameters(64, 5_000, 100, 1, List.of()), recorder)) {
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<HostTensor>> answers = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int first = c * 11;
        answers.add(clients.submit(() -> batching.run(KEY, feeds(first, 2)).get("class_id")));
      }
      for (int c = 0; c < 8; c++) {
        HostTensor alone = classifier.backend().run(KEY, feeds(c * 11, 2)).get("class_id");
        assertArrayEquals(alone, answers.get(c).get(60, TimeUnit.SECONDS));
      }
      clients.shutdown();
    }
    assertTrue(recorder.batches.stream().allMatch(b -> b[0] == b[1]), "no padding");
    assertEquals(16, recorder.batches.stream().mapToInt(b -> b[0]).sum());
  }

  /** One client's request number {@code r}, checked in the client's thread. */
  interface ClientRequest {
    void run(int client, int r) throws Exception;
  }

  /** {@code clients} threads each make {@code requests} requests; the first failure fails the test. */
  static void concurrently(int clients, int requests, ClientRequest request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < requests; r++) {
                    request.run(client, r);
                  }
                  return null;
                }));
      }
      for (Future<?> client : done) {
        client.get(180, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertArrayEquals(HostTensor expected, HostTensor actual) {
    assertEquals(expected.dtype(), actual.dtype());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.getDouble(i), actual.getDouble(i), 1e-6, "value " + i);
    }
  }

  @Test
  void aRequestOverMaxBatchSizeIsRefusedWithTensorFlowServingsMessage() {
    try (BatchingBackend batching = new BatchingBackend(classifier.backend(), new BatchingParameters(4, 0, 10, 1, List.of()), BatchStatistics.NONE)) {
      InvalidInputException refused = assertThrows(InvalidInputException.class, () -> batching.run(KEY, feeds(0, 5)));
      assertEquals("Task size 5 is larger than maximum input batch size 4", refused.getMessage());
      assertEquals(4, batching.run(KEY, feeds(0, 4)).get("probabilities").dim(0));
    }
  }

  /**
   * TF Serving's enable_large_batch_splitting: sixteen threads send requests of 1 to 20 images
   * (max_batch_size 20) into batches of at most 8 (max_execution_batch_size), each padded to 8. A
   * request cut across batches gets every row back in order, equal to an unbatched run of its
   * images in batches of 8 rows (rows do not depend on the other rows of a batch of that size).
   */
  @Test
  void withLargeBatchSplittingARequestOverTheBatchSizeIsSplitAndStackedBackInOrder() throws Exception {
    Recorder recorder = new Recorder();
    ModelBackend plain = classifier.backend();
    BatchingParameters splitting = new BatchingParameters(20, 2_000, 1000, 2, List.of(8), true, 8);
    try (BatchingBackend batching = new BatchingBackend(plain, splitting, recorder)) {
      concurrently(
          16,
          12,
          (client, r) -> {
            int first = client * 500 + r * 23;
            int count = 1 + (client * 7 + r * 5) % 20;
            Map<String, HostTensor> batched = batching.run(KEY, feeds(first, count));
            for (String output : batched.keySet()) {
              HostTensor answer = batched.get(output);
              assertEquals(count, answer.dim(0), output);
              for (int at = 0; at < count; at += 8) {
                int rows = Math.min(8, count - at);
                HostTensor expected = plain.run(KEY, Map.of("image", TensorRows.concat(List.of(feeds(first + at, rows).get("image")), 8))).get(output);
                assertArrayEquals(TensorRows.slice(expected, 0, rows), TensorRows.slice(answer, at, rows));
              }
            }
          });
      InvalidInputException refused = assertThrows(InvalidInputException.class, () -> batching.run(KEY, feeds(0, 21)));
      assertEquals("Task size 21 is larger than maximum input batch size 20", refused.getMessage());
    }
    assertTrue(recorder.batches.stream().allMatch(b -> b[0] <= 8 && b[1] == 8), "batches within max_execution_batch_size, padded to 8");
    assertEquals(8, recorder.batches.stream().mapToInt(b -> b[0]).max().orElseThrow(), "some batch was filled by a split request");
  }

  @Test
  void largeBatchSplittingFollowsTensorFlowServingsRules() {
    assertEquals(
        "max_execution_batch_size must be 1..8 (max_batch_size), got 16",
        assertThrows(IllegalArgumentException.class, () -> new BatchingParameters(8, 0, 10, 1, List.of(), true, 16)).getMessage());
    assertEquals(
        "the last entry of allowed_batch_sizes must equal max_execution_batch_size (4), got [2, 8]",
        assertThrows(IllegalArgumentException.class, () -> new BatchingParameters(8, 0, 10, 1, List.of(2, 8), true, 4)).getMessage());
    assertEquals(List.of(2, 4), new BatchingParameters(64, 0, 10, 1, List.of(2, 4), true, 4).allowedBatchSizes());
  }

  /** A split request that needs more batches than may wait is refused whole, at once; one that fits is taken. */
  @Test
  void aSplitRequestNeedingMoreBatchesThanMayWaitIsRefusedWhole() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ModelBackend held = new HeldBackend(classifier.backend(), running, release);
    BatchingParameters parameters = new BatchingParameters(16, 0, 2, 1, List.of(), true, 4);
    try (BatchingBackend batching = new BatchingBackend(held, parameters, BatchStatistics.NONE)) {
      ExecutorService clients = Executors.newFixedThreadPool(2);
      Future<Map<String, HostTensor>> first = clients.submit(() -> batching.run(KEY, feeds(0, 1)));
      assertTrue(running.await(30, TimeUnit.SECONDS));
      QueueFullException full = assertThrows(QueueFullException.class, () -> batching.run(KEY, feeds(0, 12)));
      assertEquals("The batch scheduling queue to which this task was submitted is full", full.getMessage());
      Future<Map<String, HostTensor>> fits = clients.submit(() -> batching.run(KEY, feeds(3, 8)));
      release.countDown();
      assertEquals(1, first.get(30, TimeUnit.SECONDS).get("probabilities").dim(0));
      HostTensor split = fits.get(30, TimeUnit.SECONDS).get("probabilities");
      assertArrayEquals(TensorRows.concat(List.of(classifier.backend().run(KEY, feeds(3, 4)).get("probabilities"), classifier.backend().run(KEY, feeds(7, 4)).get("probabilities")), 8), split);
      clients.shutdown();
    }
  }

  @Test
  void aFullQueueRefusesAtOnceAndTheQueuedRequestsStillComplete() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ModelBackend held = new HeldBackend(classifier.backend(), running, release);
    AtomicInteger queued = new AtomicInteger();
    BatchStatistics depth =
        new BatchStatistics() {
          @Override
          public void queued(int requests) {
            queued.set(requests);
          }

          @Override
          public void batch(int examples, int paddedRows) {}
        };
    // one thread, batches of one, one batch may wait: the first runs (held), the second waits, the third is refused
    try (BatchingBackend batching = new BatchingBackend(held, new BatchingParameters(1, 0, 1, 1, List.of()), depth)) {
      ExecutorService clients = Executors.newFixedThreadPool(2);
      Future<Map<String, HostTensor>> first = clients.submit(() -> batching.run(KEY, feeds(0, 1)));
      assertTrue(running.await(30, TimeUnit.SECONDS));
      Future<Map<String, HostTensor>> second = clients.submit(() -> batching.run(KEY, feeds(1, 1)));
      for (long deadline = System.currentTimeMillis() + 30_000; queued.get() != 1 && System.currentTimeMillis() < deadline; ) {
        Thread.sleep(5);
      }
      assertEquals(1, queued.get(), "the second request waits in the queue");
      QueueFullException full = assertThrows(QueueFullException.class, () -> batching.run(KEY, feeds(2, 1)));
      assertEquals("The batch scheduling queue to which this task was submitted is full", full.getMessage());
      release.countDown();
      assertArrayEquals(classifier.backend().run(KEY, feeds(0, 1)).get("probabilities"), first.get(30, TimeUnit.SECONDS).get("probabilities"));
      assertArrayEquals(classifier.backend().run(KEY, feeds(1, 1)).get("probabilities"), second.get(30, TimeUnit.SECONDS).get("probabilities"));
      clients.shutdown();
    }
  }

  /** A backend whose first run waits for {@code release}, so the scheduler's only thread is busy. */
  private record HeldBackend(ModelBackend backend, CountDownLatch running, CountDownLatch release) implements ModelBackend {
    @Override
    public Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputs) {
      running.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return backend.run(key, feeds, outputs);
    }

    @Override
    public org.fmnist.serving.Backend kind() {
      return backend.kind();
    }

    @Override
    public Path folder() {
      return backend.folder();
    }

    @Override
    public Map<String, org.tensorflow.proto.SignatureDef> signatures() {
      return backend.signatures();
    }

    @Override
    public String outputOperationType(String key, String outputName) {
      return backend.outputOperationType(key, outputName);
    }

    @Override
    public void close() {}
  }
}
