package org.fmnist.serving.rest;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fmnist.serving.ErrorMessages;
import org.fmnist.serving.grpc.GrpcConfig;
import org.fmnist.serving.grpc.GrpcServer;
import org.fmnist.serving.metrics.ServingMetrics;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.models.BatchWaitWorkers;
import org.fmnist.serving.models.DaemonThreads;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ModelSource;
import org.fmnist.serving.models.VersionLoader;

/**
 * {@code fmnist serve}: TensorFlow Serving's REST API, the KServe v2 API and SageMaker's contract on
 * a Netty front end and, when asked, TensorFlow Serving's gRPC API ({@link GrpcServer}) over the
 * same models, with a bounded worker pool, a poller that loads new model versions, and a shutdown
 * that lets running requests finish before the models are closed.
 */
public final class ModelServer implements AutoCloseable {
  private static final long DRAIN_MILLIS = 10_000;
  /** TF Serving's default prometheus_config path. */
  public static final String METRICS_PATH = "/monitoring/prometheus/metrics";

  private final ModelRepository models;
  private final RestDispatcher dispatcher;
  /** With batching only: requests wait for their batch on these (else they run on their event loop). */
  private final Optional<ThreadPoolExecutor> workers;
  private final NettyRestServer http;
  private final ScheduledExecutorService poller;
  private final Consumer<String> log;
  private GrpcServer grpc;
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean closing;

  private ModelServer(ServerConfig config, ModelRepository models, ServingMetrics metrics, Consumer<String> log) {
    this.models = models;
    this.log = log;
    this.dispatcher = new RestDispatcher(routes(config, models, metrics), metrics, config.cors(), log);
    // Without batching a request runs on the event loop that read it, one of --rest-api-num-threads:
    // the hand-off to a worker thread and back cost more CPU than its JSON on two cores. With
    // batching a request waits for its batch on a worker, so that batches can fill.
    this.workers = config.batching().map(batching -> BatchWaitWorkers.start(config.workerThreads(), "fmnist-serve-worker"));
    int eventLoops = workers.isPresent() ? 1 : config.threads();
    try {
      http = new NettyRestServer(config.host(), config.port(), config.maxBodyBytes(), config.httpLimits(), dispatcher, eventLoops, workers, log);
    } catch (RuntimeException e) {
      workers.ifPresent(ThreadPoolExecutor::shutdown);
      throw e;
    }
    poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fmnist-serve-poller"));
  }

  /** Every API on the REST port: KServe v2, SageMaker's, metrics when asked; TF Serving's answers what no other route takes. */
  private static RestRoutes routes(ServerConfig config, ModelRepository models, ServingMetrics metrics) {
    SageMakerApi sageMaker = new SageMakerApi(models);
    RestRoutes routes =
        new RestRoutes(new TfServingApi(models))
            .add("/v2", new V2Api(models))
            .add(SageMakerApi.PING, sageMaker)
            .add(SageMakerApi.INVOCATIONS, sageMaker);
    if (config.monitoring()) {
      routes.add(METRICS_PATH, request -> scrape(request, metrics));
    }
    return routes;
  }

  /** {@code GET /monitoring/prometheus/metrics}: every metric in Prometheus's text format. */
  private static Reply scrape(RestRequest request, ServingMetrics metrics) {
    if (!request.method().equals("GET")) {
      throw ApiException.badRequest("Malformed request: " + request.method() + " " + request.path());
    }
    return new Reply(200, ServingMetrics.CONTENT_TYPE, Map.of(), metrics.scrape());
  }

  /**
   * Loads the models under the base path, starts listening, and polls for new versions every
   * {@link ServerConfig#pollInterval()}. Log lines (loads, failures, one per request) go to {@code
   * log}.
   */
  public static ModelServer start(ServerConfig config, Consumer<String> log) {
    return start(config, Optional.empty(), log);
  }

  /** As {@link #start(ServerConfig, Consumer)}, with the gRPC API too when {@code grpc} is given. */
  public static ModelServer start(ServerConfig config, Optional<GrpcConfig> grpc, Consumer<String> log) {
    ServingMetrics metrics = new ServingMetrics();
    VersionLoader loader = new VersionLoader(config.backend(), config.tensorflowThreads(), config.batching(), metrics::batchStatistics);
    ModelSource source =
        config.modelConfigFile().isPresent()
            ? ModelSource.configFile(config.modelConfigFile().get(), log)
            : ModelSource.basePath(config.basePath(), config.modelName(), config.versionPolicy());
    ModelRepository models = new ModelRepository(source, loader, log);
    metrics.watchLoadedVersions(models::loadedVersions);
    ModelServer server;
    try {
      models.poll();
      server = new ModelServer(config, models, metrics, log);
    } catch (RuntimeException e) {
      models.close();
      throw e;
    }
    if (grpc.isPresent()) {
      try {
        OptionalInt grpcWorkers = server.workers.isPresent() ? OptionalInt.of(config.workerThreads()) : OptionalInt.empty();
        server.grpc = GrpcServer.start(config.host(), grpc.get(), grpcWorkers, models, metrics, log);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    long interval = config.pollInterval().toMillis();
    server.poller.scheduleWithFixedDelay(server::poll, interval, interval, TimeUnit.MILLISECONDS);
    log.accept(
        "fmnist serve: listening on http://" + config.host() + ":" + server.port() + "/v1/models/"
            + (models.names().isEmpty() ? " (no model folder yet under " + config.basePath() + ")" : String.join(", ", models.names())));
    if (server.grpc != null) {
      log.accept("fmnist serve: gRPC (TensorFlow Serving's PredictionService, ModelService, KServe v2's GRPCInferenceService, grpc.health.v1) on " + config.host() + ":" + server.grpc.port());
    }
    return server;
  }

  /** The port listened on (the one chosen by the system when the config asked for 0). */
  public int port() {
    return http.port();
  }

  /** The gRPC port, when the gRPC API is on. */
  public OptionalInt grpcPort() {
    return grpc == null ? OptionalInt.empty() : OptionalInt.of(grpc.port());
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops taking requests (new ones get 503), waits up to 10 s for running ones, stops the
   * server and the poller, then releases the models (each closes when its last request ends).
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    log.accept("fmnist serve: shutting down");
    dispatcher.drain();
    if (grpc != null) {
      grpc.drain();
    }
    poller.shutdownNow();
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    while (dispatcher.inFlight() + (grpc == null ? 0 : grpc.inFlight()) > 0 && System.currentTimeMillis() < deadline) {
      sleep(10);
    }
    if (grpc != null) {
      grpc.stop(Math.max(0, deadline - System.currentTimeMillis()));
    }
    workers.ifPresent(ThreadPoolExecutor::shutdown);
    try {
      if (workers.isPresent()) {
        workers.get().awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
      }
      poller.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    models.close();
    log.accept("fmnist serve: stopped");
    closed.countDown();
  }

  private void poll() {
    try {
      models.poll();
      if (grpc != null) {
        grpc.refreshHealth();
      }
    } catch (RuntimeException e) {
      log.accept("fmnist serve: polling failed: " + ErrorMessages.firstLine(e));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
