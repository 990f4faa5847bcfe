package org.fmnist.serving.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.fmnist.serving.ErrorMessages;
import org.fmnist.serving.InvalidInputException;
import org.fmnist.serving.batching.QueueFullException;
import org.fmnist.serving.models.ApiException;

/** The gRPC status TensorFlow Serving answers for each refusal, with a one-line message. */
final class GrpcErrors {
  private GrpcErrors() {}

  static StatusRuntimeException invalidArgument(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException failedPrecondition(String message) {
    return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException unimplemented(String message) {
    return Status.UNIMPLEMENTED.withDescription(message).asRuntimeException();
  }

  /** The status for what a call threw; anything unforeseen is INTERNAL (and a bug). */
  static Status statusOf(Throwable e) {
    if (e instanceof StatusRuntimeException s) {
      return s.getStatus();
    }
    if (e instanceof ApiException api) {
      Status status =
          switch (api.status()) {
            case ApiException.NOT_FOUND -> Status.NOT_FOUND;
            case ApiException.PAYLOAD_TOO_LARGE, ApiException.TOO_MANY_REQUESTS -> Status.RESOURCE_EXHAUSTED;
            case ApiException.SERVICE_UNAVAILABLE -> Status.UNAVAILABLE;
            default -> Status.INVALID_ARGUMENT;
          };
      return status.withDescription(api.getMessage());
    }
    if (e instanceof QueueFullException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
    }
    Status status = e instanceof InvalidInputException ? Status.INVALID_ARGUMENT : Status.INTERNAL;
    return status.withDescription(ErrorMessages.firstLine(e));
  }
}
