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

  /**
   * A builder that starts from the defaults: every model under {@code basePath}, 127.0.0.1:8501,
   * models run by TensorFlow, the default HTTP limits, no batching, the latest version, no
   * metrics, no CORS, no model config file.
   */
  public static Builder builder(Path basePath) {
    return new Builder(basePath);
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
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

  /**
   * The worker threads of each front end, started as requests need them: {@link #threads()}, and
   * with batching room for every request the batch queues may hold, each holding its worker until
   * its batch has run: max_enqueued_batches waiting and one running per num_batch_threads, of
   * max_batch_size requests each, at most one per connection allowed. So the batch queue, not the
   * workers, refuses requests first, with TF Serving's answer.
   */
  public int workerThreads() {
    long waiting = batching.map(b -> (long) b.maxBatchSize() * (b.maxEnqueuedBatches() + b.numBatchThreads())).orElse(0L);
    return (int) Math.min(threads + waiting, Math.max(threads, httpLimits.maxConnections()));
  }

  /** Twice the cores, at least 4: requests spend part of their time parsing and writing JSON. */
  public static int defaultThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  /** Sets what a {@link ServerConfig} holds, one named part at a time. */
  public static final class Builder {
    private Path basePath;
    private Optional<String> modelName = Optional.empty();
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int threads = defaultThreads();
    private Backend backend = Backend.TENSORFLOW;
    private HttpLimits httpLimits = HttpLimits.DEFAULTS;
    private Optional<BatchingParameters> batching = Optional.empty();
    private VersionPolicy versionPolicy = VersionPolicy.DEFAULT;
    private boolean monitoring;
    private boolean cors;
    private Optional<ModelConfigFileSetting> modelConfigFile = Optional.empty();
    private TensorFlowThreads tensorflowThreads = TensorFlowThreads.DEFAULT;

    private Builder(Path basePath) {
      this.basePath = basePath;
    }

    private Builder(ServerConfig config) {
      basePath = config.basePath;
      modelName = config.modelName;
      host = config.host;
      port = config.port;
      pollInterval = config.pollInterval;
      maxBodyBytes = config.maxBodyBytes;
      threads = config.threads;
      backend = config.backend;
      httpLimits = config.httpLimits;
      batching = config.batching;
      versionPolicy = config.versionPolicy;
      monitoring = config.monitoring;
      cors = config.cors;
      modelConfigFile = config.modelConfigFile;
      tensorflowThreads = config.tensorflowThreads;
    }

    /** Serves only the model of this name (else every model folder under the base path). */
    public Builder modelName(String name) {
      modelName = Optional.of(name);
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The REST port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** How often the base path is looked at for new and removed versions. */
    public Builder pollInterval(Duration interval) {
      pollInterval = interval;
      return this;
    }

    public Builder maxBodyBytes(long bytes) {
      maxBodyBytes = bytes;
      return this;
    }

    /** Requests worked on at once by each front end (without batching). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder backend(Backend backend) {
      this.backend = backend;
      return this;
    }

    public Builder httpLimits(HttpLimits limits) {
      httpLimits = limits;
      return this;
    }

    /** With TF Serving's server-side batching ({@code --enable_batching}) on these parameters. */
    public Builder batching(BatchingParameters parameters) {
      batching = Optional.of(parameters);
      return this;
    }

    /** Serving the versions {@code policy} picks (TF Serving's model_version_policy) instead of the latest only. */
    public Builder versionPolicy(VersionPolicy policy) {
      versionPolicy = policy;
      return this;
    }

    /** Whether Prometheus metrics are served at {@code GET /monitoring/prometheus/metrics} on the REST port (TF Serving's prometheus_config). */
    public Builder monitoring(boolean on) {
      monitoring = on;
      return this;
    }

    /** Whether every REST answer carries CORS headers and preflights are answered (for browser clients). */
    public Builder cors(boolean on) {
      cors = on;
      return this;
    }

    /** Serving the models a TF Serving model config file lists (the base path, model name and version policy are then not used). */
    public Builder modelConfigFile(ModelConfigFileSetting file) {
      modelConfigFile = Optional.of(file);
      return this;
    }

    /** TensorFlow's intra-op and inter-op threads (TF Serving's --tensorflow_intra_op_parallelism and --tensorflow_inter_op_parallelism). */
    public Builder tensorflowThreads(TensorFlowThreads threads) {
      tensorflowThreads = threads;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          basePath, modelName, host, port, pollInterval, maxBodyBytes, threads, backend, httpLimits, batching, versionPolicy, monitoring, cors, modelConfigFile, tensorflowThreads);
    }
  }
}
