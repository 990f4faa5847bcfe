package org.fmnist.serving.batching;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fmnist.serving.Backend;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.InvalidInputException;
import org.fmnist.serving.ModelBackend;
import org.tensorflow.proto.SignatureDef;

/**
 * A model version with server-side batching: concurrent {@link #run} calls with the same
 * signature, outputs and item shapes are merged into one run of the wrapped backend and split
 * back, so every front end (REST, gRPC, KServe) shares one scheduler per version. A request larger
 * than max_batch_size is refused with TF Serving's message (with large batch splitting, one larger
 * than max_execution_batch_size is split across batches); a request with an input of no batch
 * dimension (a scalar) or inputs of different first dimensions runs alone, as it came.
 * Closing refuses new requests and runs the queued batches at once; the wrapped backend stays its
 * owner's to close, once the requests in flight are answered.
 */
public final class BatchingBackend implements ModelBackend {
  private final ModelBackend backend;
  private final BatchingParameters parameters;
  private final BatchScheduler scheduler;

  public BatchingBackend(ModelBackend backend, BatchingParameters parameters, BatchStatistics statistics) {
    this.backend = backend;
    this.parameters = parameters;
    this.scheduler = new BatchScheduler(backend, parameters, statistics);
  }

  @Override
  public Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputs) {
    int size = batchSize(feeds);
    if (size < 1) {
      return backend.run(key, feeds, outputs);
    }
    if (size > parameters.maxBatchSize()) {
      throw new InvalidInputException(
          "Task size " + size + " is larger than maximum input batch size " + parameters.maxBatchSize(), null);
    }
    return scheduler.run(BatchQueueKey.of(key, outputs, feeds), feeds, size);
  }

  /** The examples in the request: the inputs' common first dimension, or -1 when there is none. */
  private static int batchSize(Map<String, HostTensor> feeds) {
    int size = -1;
    for (HostTensor tensor : feeds.values()) {
      if (tensor.rank() == 0 || (size >= 0 && tensor.dim(0) != size)) {
        return -1;
      }
      size = (int) tensor.dim(0);
    }
    return size;
  }

  @Override
  public Backend kind() {
    return backend.kind();
  }

  @Override
  public Path folder() {
    return backend.folder();
  }

  @Override
  public Map<String, SignatureDef> signatures() {
    return backend.signatures();
  }

  @Override
  public String outputOperationType(String key, String outputName) {
    return backend.outputOperationType(key, outputName);
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
