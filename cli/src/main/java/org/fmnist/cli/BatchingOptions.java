package org.fmnist.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fmnist.serving.batching.BatchingParameters;
import org.fmnist.serving.batching.BatchingParametersFile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * serve's server-side batching options: TF Serving's --enable_batching and its batching
 * parameters, by the same names, either as options or in TF Serving's --batching_parameters_file
 * (not both: a file and a parameter option together is a usage error, so no value is silently
 * overridden).
 */
final class BatchingOptions {
  /** The options a batching parameters file stands in for. */
  private static final List<String> PARAMETERS =
      List.of(
          "--max-batch-size",
          "--batch-timeout-micros",
          "--max-enqueued-batches",
          "--num-batch-threads",
          "--allowed-batch-sizes",
          "--enable-large-batch-splitting",
          "--max-execution-batch-size");

  @Option(names = "--enable-batching", description = "Merge concurrent requests to a model version into one run (TF Serving's --enable_batching).")
  boolean enabled;

  @Option(
      names = "--max-batch-size",
      defaultValue = "" + BatchingParameters.DEFAULT_MAX_BATCH_SIZE,
      paramLabel = "N",
      description = "Examples per request at most, a larger one is refused; and per batch, unless split (default: ${DEFAULT-VALUE}).")
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
      description = "Pad each batch up to the next of these sizes; the last must equal --max-batch-size (--max-execution-batch-size when splitting).")
  List<Integer> allowedBatchSizes = new ArrayList<>();

  @Option(
      names = "--enable-large-batch-splitting",
      description = "Split a request to fill the open batch and the next ones, each at most --max-execution-batch-size.")
  boolean largeBatchSplitting;

  @Option(
      names = "--max-execution-batch-size",
      paramLabel = "N",
      description = "With --enable-large-batch-splitting: examples per run at most (default: --max-batch-size).")
  Integer maxExecutionBatchSize;

  @Option(
      names = "--batching-parameters-file",
      paramLabel = "FILE",
      description = "TF Serving's batching parameters file (text-format BatchingParameters), instead of the options above.")
  Path file;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The batching parameters, when batching is on: from the file, or from the options. */
  Optional<BatchingParameters> parameters() {
    List<String> given = PARAMETERS.stream().filter(command.commandLine().getParseResult()::hasMatchedOption).toList();
    if (!enabled) {
      if (file != null || !given.isEmpty()) {
        throw new ParameterException(command.commandLine(), (file != null ? "--batching-parameters-file" : given.get(0)) + " needs --enable-batching");
      }
      return Optional.empty();
    }
    if (file != null) {
      if (!given.isEmpty()) {
        throw new ParameterException(
            command.commandLine(), "--batching-parameters-file gives every batching parameter: leave out " + String.join(", ", given) + " (or the file)");
      }
      return Optional.of(BatchingParametersFile.read(file));
    }
    if (maxExecutionBatchSize != null && !largeBatchSplitting) {
      throw new ParameterException(command.commandLine(), "--max-execution-batch-size needs --enable-large-batch-splitting");
    }
    int threads = numBatchThreads != null ? numBatchThreads : Runtime.getRuntime().availableProcessors();
    return Optional.of(
        new BatchingParameters(
            maxBatchSize,
            batchTimeoutMicros,
            maxEnqueuedBatches,
            threads,
            allowedBatchSizes,
            largeBatchSplitting,
            maxExecutionBatchSize != null ? maxExecutionBatchSize : maxBatchSize));
  }
}
