package org.fmnist.serving.rest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.fmnist.serving.Backend;
import org.fmnist.serving.TensorFlowThreads;
import org.fmnist.serving.batching.BatchingParameters;
import org.fmnist.serving.models.ModelConfigFileSetting;
import org.fmnist.serving.models.VersionPolicy;

/**
 * How {@code fmnist serve} runs: what it serves, where it listens, how often it looks for new
 * versions, the largest request body it reads, how many requests it works on at once, which
 * runtime computes the models, what the HTTP front end allows a client and whether concurrent
 * requests are batched, which versions are served, whether metrics are exported and whether
 * browsers of other origins may call it, and TensorFlow's threads.
 */
public record ServerConfig(
    Path basePath,
    Optional<String> modelName,
    String host,
    int port,
    Duration pollInterval,
    long maxBodyBytes,
    int threads,
    Backend backend,
    HttpLimits httpLimits,
    Optional<BatchingParameters> batching,
    VersionPolicy versionPolicy,
    boolean monitoring,
    boolean cors,
    Optional<ModelConfigFileSetting> modelConfigFile,
    TensorFlowThreads tensorflowThreads) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8501;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
  /** Where Amazon SageMaker unpacks {@code model.tar.gz} in an inference container. */
  public static final Path SAGEMAKER_MODEL_DIR = Path.of("/opt/ml/model");
  /** SageMaker's inference port, unless {@code SAGEMAKER_BIND_TO_PORT} names another. */
  public static final int SAGEMAKER_PORT = 8080;
  public static final String SAGEMAKER_PORT_VARIABLE = "SAGEMAKER_BIND_TO_PORT";

  /** Models run by TensorFlow, the default HTTP limits, no batching, the latest version. */
  public ServerConfig(
      Path basePath, Optional<String> modelName, String host, int port, Duration pollInterval, long maxBodyBytes, int threads) {
    this(basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, Backend.TENSORFLOW);
  }

  /** The default HTTP limits, no batching, the latest version. */
  public ServerConfig(
      Path basePath, Optional<String> modelName, String host, int port, Duration pollInterval, long maxBodyBytes, int threads, Backend backend) {
    this(basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, HttpLimits.DEFAULTS, Optional.empty(), VersionPolicy.DEFAULT, false, false, Optional.empty(), TensorFlowThreads.DEFAULT);
  }

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body limit must be positive, got " + maxBodyBytes);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  /** Serves every model under {@code basePath} on 127.0.0.1:8501 with the defaults. */
  public static ServerConfig defaults(Path basePath) {
    return new ServerConfig(
        basePath, Optional.empty(), DEFAULT_HOST, DEFAULT_PORT, DEFAULT_POLL_INTERVAL, DEFAULT_MAX_BODY_BYTES, defaultThreads());
  }

  /** The port SageMaker asks for: {@code SAGEMAKER_BIND_TO_PORT} when set, else 8080. */
  public static int sageMakerPort(Map<String, String> environment) {
    String port = environment.get(SAGEMAKER_PORT_VARIABLE);
    if (port == null || port.isBlank()) {
      return SAGEMAKER_PORT;
    }
    if (!port.strip().matches("\\d{1,5}")) {
      throw new IllegalArgumentException(SAGEMAKER_PORT_VARIABLE + " must be a port number, not '" + port + "'");
    }
    return Integer.parseInt(port.strip());
  }

  public ServerConfig withHttpLimits(HttpLimits limits) {
    return new ServerConfig(basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, limits, batching, versionPolicy, monitoring, cors, modelConfigFile, tensorflowThreads);
  }

  /** With TF Serving's server-side batching ({@code --enable_batching}) on these parameters. */
  public ServerConfig withBatching(BatchingParameters parameters) {
    return new ServerConfig(basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, httpLimits, Optional.of(parameters), versionPolicy, monitoring, cors, modelConfigFile, tensorflowThreads);
  }

  /** Serving the versions {@code policy} picks (TF Serving's model_version_policy) instead of the latest only. */
  public ServerConfig withVersionPolicy(VersionPolicy policy) {
    return new ServerConfig(basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, httpLimits, batching, policy, monitoring, cors, modelConfigFile, tensorflowThreads);
  }

  /** With Prometheus metrics at {@code GET /monitoring/prometheus/metrics} on the REST port (TF Serving's prometheus_config). */
  public ServerConfig withMonitoring() {
    return new ServerConfig(basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, httpLimits, batching, versionPolicy, true, cors, modelConfigFile, tensorflowThreads);
  }

  /** With CORS headers on every REST answer and preflights answered (for browser clients). */
  public ServerConfig withCors() {
    return new ServerConfig(basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, httpLimits, batching, versionPolicy, monitoring, true, modelConfigFile, tensorflowThreads);
  }

  /** Serving the models a TF Serving model config file lists (the base path, model name and version policy are then not used). */
  public ServerConfig withModelConfigFile(ModelConfigFileSetting file) {
    return new ServerConfig(
        basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, httpLimits, batching, versionPolicy, monitoring, cors, Optional.of(file), tensorflowThreads);
  }

  /** With TensorFlow's intra-op and inter-op threads (TF Serving's --tensorflow_intra_op_parallelism and --tensorflow_inter_op_parallelism). */
  public ServerConfig withTensorFlowThreads(TensorFlowThreads threads) {
    return new ServerConfig(basePath, modelName, host, port, pollInterval, maxBodyBytes, this.threads, backend, httpLimits, batching, versionPolicy, monitoring, cors, modelConfigFile, threads);
  }

  /**
   * The worker threads of each front end: {@link #threads()}, and with batching room for the
   * requests that wait in batches, each holding its worker until its batch has run: one batch
   * filling and one running on each batch thread, of max_batch_size requests each, at most one per
   * connection allowed. Without that room the batches could never fill: with 4 workers they held at
   * most 4 requests, and each waited out batch_timeout_micros.
   */
  public int workerThreads() {
    long waiting = batching.map(b -> (long) b.maxBatchSize() * (b.numBatchThreads() + 1)).orElse(0L);
    return (int) Math.min(threads + waiting, Math.max(threads, httpLimits.maxConnections()));
  }

  /** Twice the cores, at least 4: requests spend part of their time parsing and writing JSON. */
  public static int defaultThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }
}
