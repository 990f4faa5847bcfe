package org.fmnist.serving.batching;

/** A request refused because its batch queue already holds max_enqueued_batches batches (REST 429, gRPC RESOURCE_EXHAUSTED). */
public final class QueueFullException extends RuntimeException {
  QueueFullException() {
    super("The batch scheduling queue to which this task was submitted is full", null, false, false);
  }
}
