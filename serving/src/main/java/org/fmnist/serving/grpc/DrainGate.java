package org.fmnist.serving.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Once the server drains, new calls are answered UNAVAILABLE; calls already running finish. */
final class DrainGate implements ServerInterceptor {
  private volatile boolean draining;

  void drain() {
    draining = true;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (draining) {
      call.close(Status.UNAVAILABLE.withDescription("fmnist serve is shutting down"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
