package org.fmnist.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fmnist.serving.grpc.GrpcConfig;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve SavedModels with TensorFlow Serving's REST API (status, metadata, predict) and its gRPC API (Predict,",
      "GetModelMetadata, GetModelStatus, health), so TF Serving clients work unchanged.",
      "Serves each model's highest version and loads new versions as they appear. Stop with Ctrl-C or SIGTERM."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--model-base-path",
      required = true,
      paramLabel = "DIR",
      description = "A folder of model folders (saved_models/), each served under its name, or one model folder of numbered versions.")
  Path basePath;

  @Option(names = "--model-name", paramLabel = "NAME", description = "Serve only this model (or name the single model of the base path).")
  String modelName;

  @Option(names = "--port", defaultValue = "8501", description = "Default: ${DEFAULT-VALUE}, TF Serving's REST port; 0 picks a free one.")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--poll-seconds", defaultValue = "2", paramLabel = "S", description = "How often to look for new versions (default: ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Option(names = "--max-body-mib", defaultValue = "16", paramLabel = "MIB", description = "Larger request bodies get 413 (default: ${DEFAULT-VALUE}).")
  int maxBodyMib;

  @Option(names = "--threads", paramLabel = "N", description = "Requests handled at once (default: twice the cores, at least 4).")
  Integer threads;

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

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config =
        new ServerConfig(
            basePath,
            Optional.ofNullable(modelName),
            host,
            port,
            Duration.ofMillis(Math.round(pollSeconds * 1000)),
            (long) maxBodyMib << 20,
            threads != null ? threads : ServerConfig.defaultThreads(),
            backend.backend());
    Optional<GrpcConfig> grpc = noGrpc ? Optional.empty() : Optional.of(new GrpcConfig(grpcPort, grpcMessageBytes()));
    ModelServer server = ModelServer.start(config, grpc, Logs::info);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fmnist-serve-shutdown"));
    server.awaitClosed();
    return Fmnist.OK;
  }

  /** A gRPC message is at most 2 GiB - 1 bytes. */
  private int grpcMessageBytes() {
    int mib = grpcMaxMessageMib != null ? grpcMaxMessageMib : maxBodyMib;
    if (mib < 1 || mib > 2047) {
      throw new IllegalArgumentException("the gRPC message limit must be 1..2047 MiB, got " + mib);
    }
    return mib << 20;
  }
}
