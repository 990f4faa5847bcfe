package org.fmnist.serving.grpc;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.fmnist.serving.metrics.AccessLogLine;
import org.fmnist.serving.metrics.RequestLabels;
import org.fmnist.serving.metrics.ServingMetrics;

/**
 * Counts the calls in flight (shutdown waits for them) and writes one access-log line per call
 * when it ends, in the REST access log's format: time, client, {@code "GRPC /method"}, the gRPC
 * status, response bytes, duration. A stream tracer sees every call's final status, also those the
 * transport refuses itself (a message over the size limit); it counts each call into the server's
 * request counter and latency histogram too, with the labels of {@link CallLabels}.
 */
final class CallLog extends ServerStreamTracer.Factory {
  private final Consumer<String> log;
  private final ServingMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();

  CallLog(Consumer<String> log, ServingMetrics metrics) {
    this.log = log;
    this.metrics = metrics;
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    inFlight.incrementAndGet();
    return new Tracer(fullMethodName);
  }

  private final class Tracer extends ServerStreamTracer {
    private final String method;
    private final RequestLabels labels;
    private final long start = System.nanoTime();
    private volatile String client = "-";
    private volatile long bytes;

    Tracer(String method) {
      this.method = method;
      this.labels = CallLabels.forMethod(method);
    }

    @Override
    public Context filterContext(Context context) {
      return CallLabels.attach(context, labels);
    }

    @Override
    public void serverCallStarted(ServerCallInfo<?, ?> call) {
      client = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    }

    @Override
    public void outboundUncompressedSize(long size) {
      bytes += size;
    }

    @Override
    public void streamClosed(Status status) {
      inFlight.decrementAndGet();
      long nanos = System.nanoTime() - start;
      metrics.request(labels, status.getCode().name(), nanos / 1e9);
      log.accept(AccessLogLine.of(client, "GRPC /" + method, status.getCode().name(), bytes, nanos));
    }
  }

  private static String address(SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : "-";
  }
}
