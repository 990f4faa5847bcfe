package org.fmnist.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve SavedModels with TensorFlow Serving's REST API (status, metadata, predict), so TF Serving clients work unchanged.",
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
    ModelServer server = ModelServer.start(config, Logs::info);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fmnist-serve-shutdown"));
    server.awaitClosed();
    return Fmnist.OK;
  }
}
