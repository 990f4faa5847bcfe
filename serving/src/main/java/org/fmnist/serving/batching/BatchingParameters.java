package org.fmnist.serving.batching;

import java.util.List;

/**
 * TensorFlow Serving's batching parameters, with its names and meaning: requests of at most
 * {@code maxBatchSize} examples are taken; a batch that is not full runs once its first request
 * has waited {@code batchTimeoutMicros}; at most {@code maxEnqueuedBatches} batches wait per queue
 * (then requests are refused at once); {@code numBatchThreads} batches run at the same time; with
 * {@code allowedBatchSizes} a batch is padded up to the next allowed size. Batches run at most
 * {@code maxBatchSize} examples, unless {@code enableLargeBatchSplitting}: then they run at most
 * {@code maxExecutionBatchSize}, a request is split to fill the open batch and the next ones, and
 * the last allowed size must equal {@code maxExecutionBatchSize} (else {@code maxBatchSize}).
 */
public record BatchingParameters(
    int maxBatchSize,
    long batchTimeoutMicros,
    int maxEnqueuedBatches,
    int numBatchThreads,
    List<Integer> allowedBatchSizes,
    boolean enableLargeBatchSplitting,
    int maxExecutionBatchSize) {
  /** TF Serving's defaults for the scheduler options a batching file leaves out. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 1000;
  public static final long DEFAULT_BATCH_TIMEOUT_MICROS = 0;
  public static final int DEFAULT_MAX_ENQUEUED_BATCHES = 10;

  /** Without large batch splitting: a request over {@code maxBatchSize} is refused. */
  public BatchingParameters(
      int maxBatchSize, long batchTimeoutMicros, int maxEnqueuedBatches, int numBatchThreads, List<Integer> allowedBatchSizes) {
    this(maxBatchSize, batchTimeoutMicros, maxEnqueuedBatches, numBatchThreads, allowedBatchSizes, false, maxBatchSize);
  }

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
    if (!enableLargeBatchSplitting && maxExecutionBatchSize != maxBatchSize) {
      throw new IllegalArgumentException("max_execution_batch_size needs enable_large_batch_splitting");
    }
    if (maxExecutionBatchSize < 1 || maxExecutionBatchSize > maxBatchSize) {
      throw new IllegalArgumentException(
          "max_execution_batch_size must be 1.." + maxBatchSize + " (max_batch_size), got " + maxExecutionBatchSize);
    }
    int previous = 0;
    for (int size : allowedBatchSizes) {
      if (size <= previous) {
        throw new IllegalArgumentException("allowed_batch_sizes must increase and be positive, got " + allowedBatchSizes);
      }
      previous = size;
    }
    if (!allowedBatchSizes.isEmpty() && previous != maxExecutionBatchSize) {
      throw new IllegalArgumentException(
          "the last entry of allowed_batch_sizes must equal "
              + (enableLargeBatchSplitting ? "max_execution_batch_size (" : "max_batch_size (")
              + maxExecutionBatchSize
              + "), got "
              + allowedBatchSizes);
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
