package org.fmnist.serving;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * How {@link ImageClassifier#load(Path, ClassifierOptions)} reads a model: which runtime computes
 * ({@link Backend}), which output holds the class scores when several qualify, where the class
 * names come from, what float inputs expect (pixels in [0, 1], or 0–255: input scale 255), where
 * the one-line notice of the output chosen goes, and TensorFlow's intra-op threads (0: its
 * default, one per core). Immutable; start from {@link #defaults()}.
 */
public record ClassifierOptions(
    Backend backend,
    Optional<String> output,
    Optional<Path> labels,
    OptionalDouble inputScale,
    Consumer<String> notices,
    int tensorflowIntraOpThreads) {
  public ClassifierOptions {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(inputScale, "inputScale");
    Objects.requireNonNull(notices, "notices");
    if (inputScale.isPresent() && !(inputScale.getAsDouble() > 0 && Double.isFinite(inputScale.getAsDouble()))) {
      throw new IllegalArgumentException("the input scale must be a positive number, got " + inputScale.getAsDouble());
    }
    if (tensorflowIntraOpThreads < 0) {
      throw new IllegalArgumentException("TensorFlow's intra-op threads must be 0 (its default) or more, got " + tensorflowIntraOpThreads);
    }
  }

  /** TensorFlow; the output found from the signature; labels and input scale from the model's folder; notices to stderr. */
  public static ClassifierOptions defaults() {
    return new ClassifierOptions(Backend.TENSORFLOW, Optional.empty(), Optional.empty(), OptionalDouble.empty(), System.err::println, 0);
  }

  public ClassifierOptions withBackend(Backend backend) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, tensorflowIntraOpThreads);
  }

  /** Use this output of the signature for the class scores. */
  public ClassifierOptions withOutput(String output) {
    return new ClassifierOptions(backend, Optional.of(output), labels, inputScale, notices, tensorflowIntraOpThreads);
  }

  /** Class names from this file: one per line, or a JSON list of strings. */
  public ClassifierOptions withLabels(Path labels) {
    return new ClassifierOptions(backend, output, Optional.of(labels), inputScale, notices, tensorflowIntraOpThreads);
  }

  /** Float inputs get pixel × scale: 1 for models trained on [0, 1], 255 for models trained on raw bytes. */
  public ClassifierOptions withInputScale(double scale) {
    return new ClassifierOptions(backend, output, labels, OptionalDouble.of(scale), notices, tensorflowIntraOpThreads);
  }

  /** Where the notice of the output used goes (once per load), e.g. {@code "using output 'logits' (logits: softmax applied)"}. */
  public ClassifierOptions withNotices(Consumer<String> notices) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, tensorflowIntraOpThreads);
  }

  /**
   * Threads TensorFlow may split one op across (TF Serving's {@code
   * --tensorflow_intra_op_parallelism}). 1 runs each op in the calling thread: the lowest latency
   * for single images, since nothing waits for a pool thread, but large batches then use one core.
   * TensorFlow sizes this pool once per process, when its first session is made: the first model
   * loaded decides for all.
   */
  public ClassifierOptions withTensorFlowIntraOpThreads(int threads) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, threads);
  }
}
