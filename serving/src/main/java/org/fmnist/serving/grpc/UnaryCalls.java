package org.fmnist.serving.grpc;

import io.grpc.Context;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.fmnist.serving.models.BatchWaitWorkers;

/**
 * Runs unary calls on an executor: the bounded worker pool, where a call that finds every worker
 * busy is answered RESOURCE_EXHAUSTED at once, or the transport's thread itself
 * ({@code Runnable::run}). Whatever a call throws becomes its status. The call's {@link Context}
 * (with its {@link CallLabels}) goes along to the worker.
 */
final class UnaryCalls {
  private final Executor workers;

  UnaryCalls(Executor workers) {
    this.workers = workers;
  }

  <Q, R> ServerCallHandler<Q, R> handler(Function<Q, R> method) {
    return ServerCalls.asyncUnaryCall((request, response) -> submit(method, request, response));
  }

  private <Q, R> void submit(Function<Q, R> method, Q request, StreamObserver<R> response) {
    try {
      workers.execute(Context.current().wrap(() -> run(method, request, response)));
    } catch (RejectedExecutionException e) {
      response.onError(
          Status.RESOURCE_EXHAUSTED.withDescription(BatchWaitWorkers.BUSY).asRuntimeException());
    }
  }

  private static <Q, R> void run(Function<Q, R> method, Q request, StreamObserver<R> response) {
    R answer;
    try {
      answer = method.apply(request);
    } catch (RuntimeException e) {
      response.onError(GrpcErrors.statusOf(e).asRuntimeException());
      return;
    }
    response.onNext(answer);
    response.onCompleted();
  }
}
