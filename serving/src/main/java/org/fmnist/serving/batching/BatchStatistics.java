package org.fmnist.serving.batching;

/** What the batch scheduler reports as it works (for metrics). Called from its threads, so implementations are thread-safe. */
public interface BatchStatistics {
  BatchStatistics NONE =
      new BatchStatistics() {
        @Override
        public void queued(int requests) {}

        @Override
        public void batch(int examples, int paddedRows) {}
      };

  /** The number of requests now waiting in the scheduler's queues. */
  void queued(int requests);

  /** A batch of {@code examples} starts, run as {@code paddedRows} rows. */
  void batch(int examples, int paddedRows);
}
