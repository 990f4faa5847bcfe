package org.fmnist.cli;

import org.fmnist.errors.BadOptionException;
import org.fmnist.serving.TensorFlowThreads;
import picocli.CommandLine.Option;

/** TensorFlow Serving's {@code --tensorflow_intra_op_parallelism} and {@code --tensorflow_inter_op_parallelism}, kebab-case. */
final class TensorFlowThreadsOptions {
  @Option(
      names = "--tensorflow-intra-op-parallelism",
      defaultValue = "0",
      paramLabel = "N",
      description = "Threads TensorFlow may split one op across (0: one per core; default: ${DEFAULT-VALUE}).")
  int intraOp;

  @Option(
      names = "--tensorflow-inter-op-parallelism",
      defaultValue = "-1",
      paramLabel = "N",
      description = "Threads TensorFlow runs independent ops on (0: one per core; negative: each request's ops in its own thread; default: ${DEFAULT-VALUE}).")
  int interOp;

  TensorFlowThreads threads() {
    try {
      return new TensorFlowThreads(intraOp, interOp);
    } catch (IllegalArgumentException e) {
      throw new BadOptionException(e.getMessage());
    }
  }
}
