package org.fmnist.serving.models;

import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.fmnist.serving.config.tfserving.ModelServerConfig;

/**
 * The models of a TensorFlow Serving model config file ({@code --model_config_file}): its
 * text-format {@code model_config_list}, read with protobuf's TextFormat into the project's own
 * copy of TF Serving's messages. A relative {@code base_path} is read from the file's folder.
 * Re-read every {@code pollWait} (never when zero); a file that no longer reads is logged and the
 * models it listed before are kept.
 */
final class ModelConfigFile implements ModelSource {
  private final Path file;
  private final Duration pollWait;
  private final Consumer<String> log;
  private Map<String, ModelEntry> models;
  private long nextRead;

  /** Reads the file; IllegalArgumentException with the reason when it is not a valid config. */
  ModelConfigFile(Path file, Duration pollWait, Consumer<String> log) {
    this.file = file;
    this.pollWait = pollWait;
    this.log = log;
    this.models = read(file);
    this.nextRead = System.nanoTime() + pollWait.toNanos();
  }

  @Override
  public synchronized Map<String, ModelEntry> models() {
    if (!pollWait.isZero() && System.nanoTime() - nextRead >= 0) {
      nextRead = System.nanoTime() + pollWait.toNanos();
      try {
        models = read(file);
      } catch (IllegalArgumentException e) {
        log.accept("fmnist serve: " + e.getMessage() + "; serving the models it listed before");
      }
    }
    return models;
  }

  static Map<String, ModelEntry> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the model config file " + file + ": " + e.getMessage(), e);
    }
    ModelServerConfig.Builder config = ModelServerConfig.newBuilder();
    try {
      TextFormat.getParser().merge(text, config);
    } catch (TextFormat.ParseException e) {
      throw new IllegalArgumentException("model config file " + file + ": " + e.getMessage(), e);
    }
    return ModelConfigList.entries(config.build(), file.toAbsolutePath().getParent(), "model config file " + file);
  }
}
