package org.fmnist.serving.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What every gRPC call passes through: refused UNAVAILABLE once the server drains, counted while
 * it runs (so shutdown can wait for it), and written to the access log when it ends, in the REST
 * access log's format with the method path and the gRPC status.
 */
final class CallGate implements ServerInterceptor {
  private final Consumer<String> log;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  CallGate(Consumer<String> log) {
    this.log = log;
  }

  /** From now on, answer UNAVAILABLE; calls already running finish. */
  void drain() {
    draining = true;
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    LoggedCall<Q, R> logged = new LoggedCall<>(call);
    if (draining) {
      logged.close(Status.UNAVAILABLE.withDescription("fmnist serve is shutting down"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return new SimpleForwardingServerCallListener<>(next.startCall(logged, headers)) {
      @Override
      public void onCancel() {
        logged.ended(Status.CANCELLED);
        super.onCancel();
      }
    };
  }

  private final class LoggedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final long start = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private long bytes;

    LoggedCall(ServerCall<Q, R> call) {
      super(call);
      inFlight.incrementAndGet();
    }

    @Override
    public void sendMessage(R message) {
      if (message instanceof MessageLite proto) {
        bytes += proto.getSerializedSize();
      }
      super.sendMessage(message);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      try {
        super.close(status, trailers);
      } finally {
        ended(status);
      }
    }

    void ended(Status status) {
      if (ended.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
        log.accept(
            String.format(
                Locale.ROOT,
                "%s %s \"GRPC /%s\" %s %dB %.1fms",
                Instant.now(),
                client(getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)),
                getMethodDescriptor().getFullMethodName(),
                status.getCode(),
                bytes,
                (System.nanoTime() - start) / 1e6));
      }
    }
  }

  private static String client(SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(address);
  }
}
