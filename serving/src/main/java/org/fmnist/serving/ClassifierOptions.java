package org.fmnist.serving;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * How {@link ImageClassifier#load(Path, ClassifierOptions)} reads a model: which runtime computes
 * ({@link Backend}), which output holds the class scores when several qualify, where the class
 * names come from, what float inputs expect (pixels in [0, 1], or 0–255: input scale 255), and
 * where the one-line notice of the output chosen goes. Immutable; start from {@link #defaults()}.
 */
public record ClassifierOptions(
    Backend backend, Optional<String> output, Optional<Path> labels, OptionalDouble inputScale, Consumer<String> notices) {
  public ClassifierOptions {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(inputScale, "inputScale");
    Objects.requireNonNull(notices, "notices");
    if (inputScale.isPresent() && !(inputScale.getAsDouble() > 0 && Double.isFinite(inputScale.getAsDouble()))) {
      throw new IllegalArgumentException("the input scale must be a positive number, got " + inputScale.getAsDouble());
    }
  }

  /** TensorFlow; the output found from the signature; labels and input scale from the model's folder; notices to stderr. */
  public static ClassifierOptions defaults() {
    return new ClassifierOptions(Backend.TENSORFLOW, Optional.empty(), Optional.empty(), OptionalDouble.empty(), System.err::println);
  }

  public ClassifierOptions withBackend(Backend backend) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices);
  }

  /** Use this output of the signature for the class scores. */
  public ClassifierOptions withOutput(String output) {
    return new ClassifierOptions(backend, Optional.of(output), labels, inputScale, notices);
  }

  /** Class names from this file: one per line, or a JSON list of strings. */
  public ClassifierOptions withLabels(Path labels) {
    return new ClassifierOptions(backend, output, Optional.of(labels), inputScale, notices);
  }

  /** Float inputs get pixel × scale: 1 for models trained on [0, 1], 255 for models trained on raw bytes. */
  public ClassifierOptions withInputScale(double scale) {
    return new ClassifierOptions(backend, output, labels, OptionalDouble.of(scale), notices);
  }

  /** Where the notice of the output used goes (once per load), e.g. {@code "using output 'logits' (logits: softmax applied)"}. */
  public ClassifierOptions withNotices(Consumer<String> notices) {
    return new ClassifierOptions(backend, output, labels, inputScale, notices);
  }
}
