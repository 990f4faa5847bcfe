package org.fmnist.serving.rest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.fmnist.serving.ErrorMessages;

/**
 * {@code fmnist serve}: TensorFlow Serving's REST API on the JDK's HTTP server, with a bounded
 * worker pool, a poller that loads new model versions, and a shutdown that lets running requests
 * finish before the models are closed.
 */
public final class ModelServer implements AutoCloseable {
  private static final long DRAIN_MILLIS = 10_000;
  /** Requests waiting for a worker; past this the accepting thread runs them itself, slowing intake. */
  private static final int QUEUE_PER_THREAD = 64;

  static {
    // Without TCP_NODELAY, a keep-alive client waits ~40 ms for each answer (Nagle's algorithm
    // holds the body back until the client's delayed ACK of the headers). The JDK's HTTP server
    // reads this once, when its first instance is made.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ModelRepository models;
  private final RestApi api;
  private final HttpServer http;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService poller;
  private final Consumer<String> log;
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean closing;

  private ModelServer(ServerConfig config, ModelRepository models, Consumer<String> log) {
    this.models = models;
    this.log = log;
    this.api = new RestApi(models, config.maxBodyBytes(), log);
    this.workers =
        new ThreadPoolExecutor(
            config.threads(),
            config.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(config.threads() * QUEUE_PER_THREAD),
            daemonThreads("fmnist-serve-worker"),
            new ThreadPoolExecutor.CallerRunsPolicy());
    try {
      http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
    } catch (IOException e) {
      workers.shutdown();
      throw new UncheckedIOException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + ErrorMessages.firstLine(e), e);
    }
    http.setExecutor(workers);
    http.createContext("/", api);
    poller = Executors.newSingleThreadScheduledExecutor(daemonThreads("fmnist-serve-poller"));
  }

  /**
   * Loads the models under the base path, starts listening, and polls for new versions every
   * {@link ServerConfig#pollInterval()}. Log lines (loads, failures, one per request) go to {@code
   * log}.
   */
  public static ModelServer start(ServerConfig config, Consumer<String> log) {
    ModelRepository models = new ModelRepository(config.basePath(), config.modelName(), config.backend(), log);
    ModelServer server;
    try {
      models.poll();
      server = new ModelServer(config, models, log);
    } catch (RuntimeException e) {
      models.close();
      throw e;
    }
    server.http.start();
    long interval = config.pollInterval().toMillis();
    server.poller.scheduleWithFixedDelay(server::poll, interval, interval, TimeUnit.MILLISECONDS);
    log.accept(
        "fmnist serve: listening on http://" + config.host() + ":" + server.port() + "/v1/models/"
            + (models.names().isEmpty() ? " (no model folder yet under " + config.basePath() + ")" : String.join(", ", models.names())));
    return server;
  }

  /** The port listened on (the one chosen by the system when the config asked for 0). */
  public int port() {
    return http.getAddress().getPort();
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
    api.drain();
    poller.shutdownNow();
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    while (api.inFlight() > 0 && System.currentTimeMillis() < deadline) {
      sleep(10);
    }
    http.stop(0);
    workers.shutdown();
    try {
      workers.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
      poller.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    models.close();
    log.accept("fmnist serve: stopped");
    closed.countDown();
  }

  private void poll() {
    try {
      models.poll();
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

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
