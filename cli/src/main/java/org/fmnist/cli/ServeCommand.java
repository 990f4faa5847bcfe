package org.fmnist.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fmnist.errors.BadOptionException;
import org.fmnist.serving.grpc.GrpcConfig;
import org.fmnist.serving.models.ModelConfigFileSetting;
import org.fmnist.serving.models.VersionPolicy;
import org.fmnist.serving.rest.HttpLimits;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve SavedModels with TensorFlow Serving's REST API (status, metadata, predict) and its gRPC API (Predict,",
      "GetModelMetadata, GetModelStatus, HandleReloadConfigRequest, health), so TF Serving clients work unchanged; on the REST port also the",
      "KServe v2 API (/v2/...) and SageMaker's /ping and /invocations.",
      "Serves each model's highest version (or as --model-version-policy says) and loads new versions as they appear. Stop with Ctrl-C or SIGTERM (exit code 0)."
    })
final class ServeCommand implements Callable<Integer> {
  /** What to serve: a base path, or a TF Serving model config file. */
  static final class Models {
    @Option(
        names = "--model-base-path",
        required = true,
        paramLabel = "DIR",
        description = {
          "A folder of model folders (saved_models/), each served under its name, or one model folder of numbered versions.",
          "With neither this nor --model-config-file: /opt/ml/model in SageMaker mode (--sagemaker, or when it exists)."
        })
    Path basePath;

    @Option(
        names = "--model-config-file",
        required = true,
        paramLabel = "FILE",
        description = "Serve the models of a TF Serving model config file (text-format model_config_list; relative base_path from the file's folder).")
    Path configFile;
  }

  /** Null when neither is given: SageMaker mode, when asked for or when /opt/ml/model exists. */
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Models models;

  @Option(
      names = "--model-config-file-poll-wait-seconds",
      defaultValue = "0",
      paramLabel = "S",
      description = "Re-read --model-config-file this often: added models load, removed ones unload (default: ${DEFAULT-VALUE}, read once).")
  double configPollSeconds;

  @Option(
      names = "--sagemaker",
      description =
          "Amazon SageMaker's inference container: serve /opt/ml/model (or --model-base-path) on 0.0.0.0:8080"
              + " (SAGEMAKER_BIND_TO_PORT overrides; --host and --port too).")
  boolean sageMaker;

  @Option(names = "--model-name", paramLabel = "NAME", description = "Serve only this model (or name the single model of the base path).")
  String modelName;

  @Option(names = "--port", description = "Default: 8501, TF Serving's REST port (8080 with --sagemaker); 0 picks a free one.")
  Integer port;

  @Option(names = "--host", description = "Address to bind (default: 127.0.0.1, 0.0.0.0 with --sagemaker; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--poll-seconds", defaultValue = "2", paramLabel = "S", description = "How often to look for new versions (default: ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Option(names = "--max-body-mib", defaultValue = "16", paramLabel = "MIB", description = "Larger request bodies get 413 (default: ${DEFAULT-VALUE}).")
  int maxBodyMib;

  @Option(
      names = {"--rest-api-num-threads", "--threads"},
      paramLabel = "N",
      description = "Requests handled at once (TF Serving's name; default: twice the cores, at least 4).")
  Integer threads;

  @Option(names = "--http-header-timeout-seconds", defaultValue = "10", paramLabel = "S", description = "A request's headers must arrive within this (default: ${DEFAULT-VALUE}); else 408.")
  double headerTimeoutSeconds;

  @Option(names = "--http-body-timeout-seconds", defaultValue = "30", paramLabel = "S", description = "A request's body must arrive within this after its headers (default: ${DEFAULT-VALUE}); else 408.")
  double bodyTimeoutSeconds;

  @Option(names = "--http-idle-timeout-seconds", defaultValue = "60", paramLabel = "S", description = "A kept-alive connection idle this long is closed (default: ${DEFAULT-VALUE}).")
  double idleTimeoutSeconds;

  @Option(
      names = "--rest-api-timeout-ms",
      defaultValue = "30000",
      paramLabel = "MS",
      description = "A request not answered within this gets 504 (TF Serving's --rest_api_timeout_in_ms; default: ${DEFAULT-VALUE}).")
  long requestTimeoutMillis;

  @Option(names = "--rest-api-enable-cors", description = "Let browser pages of any origin call the REST API (CORS headers, preflights answered).")
  boolean cors;

  @Option(names = "--max-connections", defaultValue = "1024", paramLabel = "N", description = "Connections open at once; more are closed on accept (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Spec CommandSpec spec;

  @Option(
      names = "--model-version-policy",
      defaultValue = "latest:1",
      paramLabel = "POLICY",
      description = "Which versions to serve, as TF Serving's model_version_policy: latest[:N], all, or specific:V,V (default: ${DEFAULT-VALUE}).")
  String versionPolicy;

  @Option(
      names = "--monitoring",
      description = "Prometheus metrics at GET /monitoring/prometheus/metrics on the REST port (TF Serving's prometheus_config).")
  boolean monitoring;

  @Option(names = "--grpc-port", defaultValue = "8500", description = "Default: ${DEFAULT-VALUE}, TF Serving's gRPC port; 0 picks a free one.")
  int grpcPort;

  @Option(names = "--no-grpc", description = "Serve REST only.")
  boolean noGrpc;

  @Option(
      names = "--grpc-max-message-mib",
      paramLabel = "MIB",
      description = "Larger gRPC requests get RESOURCE_EXHAUSTED (default: as --max-body-mib).")
  Integer grpcMaxMessageMib;

  @Mixin BackendOption backend;

  @Mixin BatchingOptions batching;

  @Mixin TensorFlowThreadsOptions tensorflowThreads;

  @Override
  public Integer call() throws InterruptedException {
    // SageMaker starts its containers as `docker run IMAGE serve`, with the model in /opt/ml/model
    boolean sageMakerMode = sageMaker || (models == null && Files.isDirectory(ServerConfig.SAGEMAKER_MODEL_DIR));
    if (models == null && !sageMakerMode) {
      throw new ParameterException(
          spec.commandLine(), "give --model-base-path DIR or --model-config-file FILE (or --sagemaker to serve /opt/ml/model)");
    }
    if (sageMakerMode) {
      Logs.info("fmnist serve: SageMaker mode (/ping, /invocations)");
    }
    ServerConfig.Builder config =
        ServerConfig.builder(basePath())
            .host(host != null ? host : sageMakerMode ? "0.0.0.0" : ServerConfig.DEFAULT_HOST)
            .port(port != null ? port : sageMakerMode ? ServerConfig.sageMakerPort(System.getenv()) : ServerConfig.DEFAULT_PORT)
            .pollInterval(seconds(pollSeconds))
            .maxBodyBytes((long) maxBodyMib << 20)
            .threads(threads != null ? threads : ServerConfig.defaultThreads())
            .backend(backend.backend())
            .httpLimits(new HttpLimits(seconds(headerTimeoutSeconds), seconds(bodyTimeoutSeconds), seconds(idleTimeoutSeconds), maxConnections, Duration.ofMillis(requestTimeoutMillis)))
            .versionPolicy(VersionPolicy.parse(versionPolicy))
            .tensorflowThreads(tensorflowThreads.threads())
            .monitoring(monitoring)
            .cors(cors);
    if (modelName != null) {
      config.modelName(modelName);
    }
    batching.parameters().ifPresent(config::batching);
    if (models != null && models.configFile != null) {
      config.modelConfigFile(new ModelConfigFileSetting(models.configFile, seconds(configPollSeconds)));
    }
    Optional<GrpcConfig> grpc = noGrpc ? Optional.empty() : Optional.of(new GrpcConfig(grpcPort, grpcMessageBytes()));
    ModelServer server = ModelServer.start(config.build(), grpc, Logs::info);
    stopOnSignals(server);
    server.awaitClosed();
    return Fmnist.OK;
  }

  /**
   * SIGTERM and SIGINT shut the server down gracefully and serve returns 0, as a command that
   * finished does (a shutdown hook alone would leave the JVM's 143 or 130).
   */
  /** The base path given, the config file's folder, or SageMaker's model folder. */
  private Path basePath() {
    if (models == null || (models.basePath == null && models.configFile == null)) {
      return ServerConfig.SAGEMAKER_MODEL_DIR;
    }
    return models.basePath != null ? models.basePath : models.configFile.toAbsolutePath().getParent();
  }

  private static void stopOnSignals(ModelServer server) {
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> server.close());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fmnist-serve-shutdown"));
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** A gRPC message is at most 2 GiB - 1 bytes. */
  private int grpcMessageBytes() {
    int mib = grpcMaxMessageMib != null ? grpcMaxMessageMib : maxBodyMib;
    if (mib < 1 || mib > 2047) {
      throw new BadOptionException("the gRPC message limit must be 1..2047 MiB, got " + mib);
    }
    return mib << 20;
  }
}
