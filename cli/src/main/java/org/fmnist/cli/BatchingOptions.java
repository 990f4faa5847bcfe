package org.fmnist.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fmnist.serving.batching.BatchingParameters;
import picocli.CommandLine.Option;

/** serve's server-side batching options: TF Serving's --enable_batching and its batching parameters, by the same names. */
final class BatchingOptions {
  @Option(names = "--enable-batching", description = "Merge concurrent requests to a model version into one run (TF Serving's --enable_batching).")
  boolean enabled;

  @Option(
      names = "--max-batch-size",
      defaultValue = "" + BatchingParameters.DEFAULT_MAX_BATCH_SIZE,
      paramLabel = "N",
      description = "Examples per batch at most; a larger request is refused (default: ${DEFAULT-VALUE}).")
  int maxBatchSize;

  @Option(
      names = "--batch-timeout-micros",
      defaultValue = "" + BatchingParameters.DEFAULT_BATCH_TIMEOUT_MICROS,
      paramLabel = "US",
      description = "How long a batch that is not full waits for more requests (default: ${DEFAULT-VALUE}).")
  long batchTimeoutMicros;

  @Option(
      names = "--max-enqueued-batches",
      defaultValue = "" + BatchingParameters.DEFAULT_MAX_ENQUEUED_BATCHES,
      paramLabel = "N",
      description = "Batches waiting per queue at most; then requests get 429 (default: ${DEFAULT-VALUE}).")
  int maxEnqueuedBatches;

  @Option(names = "--num-batch-threads", paramLabel = "N", description = "Batches run at once (default: the number of cores).")
  Integer numBatchThreads;

  @Option(
      names = "--allowed-batch-sizes",
      split = ",",
      paramLabel = "N,N",
      description = "Pad each batch up to the next of these sizes; the last must equal --max-batch-size.")
  List<Integer> allowedBatchSizes = new ArrayList<>();

  /** The batching parameters, when batching is on. */
  Optional<BatchingParameters> parameters() {
    if (!enabled) {
      return Optional.empty();
    }
    int threads = numBatchThreads != null ? numBatchThreads : Runtime.getRuntime().availableProcessors();
    return Optional.of(new BatchingParameters(maxBatchSize, batchTimeoutMicros, maxEnqueuedBatches, threads, allowedBatchSizes));
  }
}
