package org.fmnist.serving.batching;

import com.google.protobuf.Int64Value;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TensorFlow Serving's batching parameters file ({@code --batching_parameters_file}): a
 * text-format {@code BatchingParameters} message, read with protobuf's TextFormat into the
 * project's own copy of that message. A parameter the file leaves out takes TF Serving's default
 * (num_batch_threads: one per core); max_execution_batch_size counts only with
 * enable_large_batch_splitting, as in TF Serving.
 */
public final class BatchingParametersFile {
  private BatchingParametersFile() {}

  /** The file's parameters; IllegalArgumentException naming the file and the reason when it does not read or is not valid. */
  public static BatchingParameters read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the batching parameters file " + file + ": " + e.getMessage(), e);
    }
    org.fmnist.serving.config.tfserving.BatchingParameters.Builder read = org.fmnist.serving.config.tfserving.BatchingParameters.newBuilder();
    try {
      TextFormat.getParser().merge(text, read);
      boolean splitting = read.hasEnableLargeBatchSplitting() && read.getEnableLargeBatchSplitting().getValue();
      int maxBatchSize = count(read.hasMaxBatchSize(), read.getMaxBatchSize(), BatchingParameters.DEFAULT_MAX_BATCH_SIZE, "max_batch_size");
      return new BatchingParameters(
          maxBatchSize,
          read.hasBatchTimeoutMicros() ? read.getBatchTimeoutMicros().getValue() : BatchingParameters.DEFAULT_BATCH_TIMEOUT_MICROS,
          count(read.hasMaxEnqueuedBatches(), read.getMaxEnqueuedBatches(), BatchingParameters.DEFAULT_MAX_ENQUEUED_BATCHES, "max_enqueued_batches"),
          count(read.hasNumBatchThreads(), read.getNumBatchThreads(), Runtime.getRuntime().availableProcessors(), "num_batch_threads"),
          read.getAllowedBatchSizesList().stream().map(size -> toCount(size, "allowed_batch_sizes")).toList(),
          splitting,
          splitting ? count(read.hasMaxExecutionBatchSize(), read.getMaxExecutionBatchSize(), maxBatchSize, "max_execution_batch_size") : maxBatchSize);
    } catch (TextFormat.ParseException | IllegalArgumentException e) {
      // TextFormat names an unknown field on a second line: one line keeps it in the CLI's message
      throw new IllegalArgumentException("batching parameters file " + file + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " "), e);
    }
  }

  private static int count(boolean present, Int64Value value, int otherwise, String name) {
    return present ? toCount(value.getValue(), name) : otherwise;
  }

  private static int toCount(long value, String name) {
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) Math.max(value, Integer.MIN_VALUE);
  }
}
