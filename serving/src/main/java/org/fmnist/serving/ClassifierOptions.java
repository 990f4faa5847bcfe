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
 * the one-line notice of the output chosen goes, and TensorFlow's threads ({@link
 * TensorFlowThreads}). Immutable; start from {@link #defaults()}.
 */
public record ClassifierOptions(
    Backend backend,
    Optional<String> output,
    Optional<Path> labels,
    OptionalDouble inputScale,
    Consumer<String> notices,
    TensorFlowThreads tensorflowThreads) {
  public ClassifierOptions {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(inputScale, "inputScale");
    Objects.requireNonNull(notices, "notices");
    if (inputScale.isPresent() && !(inputScale.getAsDouble() > 0 && Double.isFinite(inputScale.getAsDouble()))) {
      throw new IllegalArgumentException("the input scale must be a positive number, got " + inputScale.getAsDouble());
    }
    Objects.requireNonNull(tensorflowThreads, "tensorflowThreads");
  }

  /** TensorFlow; the output found from the signature; labels and input scale from the model's folder; notices to stderr. */
  public static ClassifierOptions defaults() {
    return new ClassifierOptions(Backend.TENSORFLOW, Optional.empty(), Optional.empty(), OptionalDouble.empty(), System.err::println, TensorFlowThreads.DEFAULT);
  }

  public ClassifierOptions withBackend(Backend backend) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, tensorflowThreads);
  }

  /** Use this output of the signature for the class scores. */
  public ClassifierOptions withOutput(String output) {
    return new ClassifierOptions(backend, Optional.of(output), labels, inputScale, notices, tensorflowThreads);
  }

  /** Class names from this file: one per line, or a JSON list of strings. */
  public ClassifierOptions withLabels(Path labels) {
    return new ClassifierOptions(backend, output, Optional.of(labels), inputScale, notices, tensorflowThreads);
  }

  /** Float inputs get pixel × scale: 1 for models trained on [0, 1], 255 for models trained on raw bytes. */
  public ClassifierOptions withInputScale(double scale) {
    return new ClassifierOptions(backend, output, labels, OptionalDouble.of(scale), notices, tensorflowThreads);
  }

  /** Where the notice of the output used goes (once per load), e.g. {@code "using output 'logits' (logits: softmax applied)"}. */
  public ClassifierOptions withNotices(Consumer<String> notices) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, tensorflowThreads);
  }

  /**
   * Threads TensorFlow may split one op across (TF Serving's {@code
   * --tensorflow_intra_op_parallelism}; 0, the default: one per core). 1 runs each op in the
   * calling thread: the lowest latency for single images, since nothing waits for a pool thread,
   * but large batches then use one core. TensorFlow sizes this pool once per process, when its
   * first session is made (the first model loaded decides for all), unless {@code
   * TF_OVERRIDE_GLOBAL_THREADPOOL=1} is set: then each session has its own pool, and batches of
   * up to {@link SavedModelSession#SMALL_BATCH} examples run on a second session of one intra-op
   * thread (see the README's serving benchmark).
   */
  public ClassifierOptions withTensorFlowIntraOpThreads(int threads) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, tensorflowThreads.withIntraOp(threads));
  }

  public ClassifierOptions withTensorFlowThreads(TensorFlowThreads threads) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, threads);
  }

  /**
   * Threads TensorFlow runs independent ops on (TF Serving's {@code
   * --tensorflow_inter_op_parallelism}); negative, the default: each run's ops in the calling thread.
   */
  public ClassifierOptions withTensorFlowInterOpThreads(int threads) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices, tensorflowThreads.withInterOp(threads));
  }
}
