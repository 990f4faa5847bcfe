package org.fmnist.serving.grpc;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.fmnist.serving.ErrorMessages;
import org.fmnist.serving.metrics.ServingMetrics;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.models.BatchWaitWorkers;
import org.fmnist.serving.models.LoadedVersion;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ServedModel;

/**
 * {@code fmnist serve}'s gRPC front end: TensorFlow Serving's {@code PredictionService} and {@code
 * ModelService} and the standard {@code grpc.health.v1} service over the REST server's model
 * repository, on grpc-java's Netty transport. Calls run on the transport's threads that read them
 * or, when there are workers (with batching: a call waits there for its batch), on a bounded pool
 * of workers.
 */
public final class GrpcServer {
  /**
   * grpc-java logs each message it refuses (over the size limit, malformed) as a WARNING with a
   * stack trace; the access log already has a line for it.
   */
  private static final Logger TRANSPORT_LOG = Logger.getLogger("io.grpc.netty.NettyServerStream");

  static {
    TRANSPORT_LOG.setLevel(Level.SEVERE);
  }

  private final ModelRepository models;
  private final DrainGate gate = new DrainGate();
  private final CallLog callLog;
  private final HealthStatusManager health = new HealthStatusManager();
  private Set<String> reported = Set.of();
  private final Optional<ThreadPoolExecutor> workers;
  private final Server server;

  private GrpcServer(String host, GrpcConfig config, OptionalInt workerThreads, ModelRepository models, ServingMetrics metrics, Consumer<String> log) {
    this.models = models;
    this.callLog = new CallLog(log, metrics);
    this.workers = workerThreads.isEmpty() ? Optional.empty() : Optional.of(BatchWaitWorkers.start(workerThreads.getAsInt(), "fmnist-grpc-worker"));
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, config.port()))
            .directExecutor()
            .maxInboundMessageSize(config.maxMessageBytes())
            .addStreamTracerFactory(callLog)
            .intercept(gate);
    services(new Servables(models), new UnaryCalls(workers.isPresent() ? workers.get() : Runnable::run)).forEach(builder::addService);
    this.server = builder.build();
  }

  /** Every API on the gRPC port. */
  private List<ServerServiceDefinition> services(Servables servables, UnaryCalls calls) {
    return List.of(
        new PredictionApi(servables).service(calls),
        new ModelStatusApi(servables, models, this::refreshHealth).service(calls),
        new KServeInferenceApi(models).service(calls),
        health.getHealthService().bindService());
  }

  /**
   * Starts listening on {@code host} as {@code config} says, with {@code workerThreads} workers (none: calls run on the transport's threads), counting
   * every call into {@code metrics} (the REST server's).
   */
  public static GrpcServer start(
      String host, GrpcConfig config, OptionalInt workerThreads, ModelRepository models, ServingMetrics metrics, Consumer<String> log) {
    GrpcServer grpc = new GrpcServer(host, config, workerThreads, models, metrics, log);
    try {
      grpc.server.start();
    } catch (IOException e) {
      grpc.workers.ifPresent(ThreadPoolExecutor::shutdown);
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause(); // Netty's BindException says why ("Address already in use")
      }
      throw new UncheckedIOException("cannot listen on " + host + ":" + config.port() + ": " + ErrorMessages.firstLine(cause), e);
    }
    grpc.refreshHealth();
    return grpc;
  }

  /** The port listened on (the one chosen by the system when the config asked for 0). */
  public int port() {
    return server.getPort();
  }

  /**
   * Reports each model SERVING when it has a version to serve, NOT_SERVING otherwise; the server
   * as a whole ("") is SERVING; a model no longer served is unknown (NOT_FOUND). Called after
   * every look for new versions and every reload of the model list.
   */
  public synchronized void refreshHealth() {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    List<String> names = models.names();
    for (String name : names) {
      Optional<ServedModel> model = models.find(name);
      health.setStatus(name, model.isPresent() && serving(model.get()) ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
    reported.stream().filter(name -> !names.contains(name)).forEach(health::clearStatus);
    reported = Set.copyOf(names);
  }

  /** New calls are answered UNAVAILABLE and health turns NOT_SERVING; running calls finish. */
  public void drain() {
    gate.drain();
    health.enterTerminalState();
  }

  /** Calls being answered now. */
  public int inFlight() {
    return callLog.inFlight();
  }

  /** Stops listening and the workers, waiting up to {@code millis} for both. */
  public void stop(long millis) {
    server.shutdown();
    workers.ifPresent(ThreadPoolExecutor::shutdown);
    try {
      if (!server.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
      if (workers.isPresent()) {
        workers.get().awaitTermination(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean serving(ServedModel model) {
    try (LoadedVersion.Lease lease = model.lease(OptionalLong.empty())) {
      return true;
    } catch (ApiException e) {
      return false;
    }
  }
}
