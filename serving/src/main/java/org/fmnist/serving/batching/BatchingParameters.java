package org.fmnist.serving.batching;

import java.util.List;

/**
 * TensorFlow Serving's batching parameters, with its names and meaning: at most {@code
 * maxBatchSize} examples per run; a batch that is not full runs once its first request has waited
 * {@code batchTimeoutMicros}; at most {@code maxEnqueuedBatches} batches wait per queue (then
 * requests are refused at once); {@code numBatchThreads} batches run at the same time; with
 * {@code allowedBatchSizes} a batch is padded up to the next allowed size (the last must equal
 * {@code maxBatchSize}).
 */
public record BatchingParameters(
    int maxBatchSize, long batchTimeoutMicros, int maxEnqueuedBatches, int numBatchThreads, List<Integer> allowedBatchSizes) {
  /** TF Serving's defaults for the scheduler options a batching file leaves out. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 1000;
  public static final long DEFAULT_BATCH_TIMEOUT_MICROS = 0;
  public static final int DEFAULT_MAX_ENQUEUED_BATCHES = 10;

  public BatchingParameters {
    allowedBatchSizes = List.copyOf(allowedBatchSizes);
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("max_batch_size must be at least 1, got " + maxBatchSize);
    }
    if (batchTimeoutMicros < 0) {
      throw new IllegalArgumentException("batch_timeout_micros must not be negative, got " + batchTimeoutMicros);
    }
    if (maxEnqueuedBatches < 1) {
      throw new IllegalArgumentException("max_enqueued_batches must be at least 1, got " + maxEnqueuedBatches);
    }
    if (numBatchThreads < 1) {
      throw new IllegalArgumentException("num_batch_threads must be at least 1, got " + numBatchThreads);
    }
    int previous = 0;
    for (int size : allowedBatchSizes) {
      if (size <= previous) {
        throw new IllegalArgumentException("allowed_batch_sizes must increase and be positive, got " + allowedBatchSizes);
      }
      previous = size;
    }
    if (!allowedBatchSizes.isEmpty() && previous != maxBatchSize) {
      throw new IllegalArgumentException(
          "the last entry of allowed_batch_sizes must equal max_batch_size (" + maxBatchSize + "), got " + allowedBatchSizes);
    }
  }

  /** TF Serving's defaults, one batch thread per core. */
  public static BatchingParameters defaults() {
    return new BatchingParameters(
        DEFAULT_MAX_BATCH_SIZE, DEFAULT_BATCH_TIMEOUT_MICROS, DEFAULT_MAX_ENQUEUED_BATCHES, Runtime.getRuntime().availableProcessors(), List.of());
  }

  /** The size a batch of {@code examples} runs at: the next allowed size, or itself. */
  int paddedSize(int examples) {
    for (int size : allowedBatchSizes) {
      if (size >= examples) {
        return size;
      }
    }
    return examples;
  }
}
