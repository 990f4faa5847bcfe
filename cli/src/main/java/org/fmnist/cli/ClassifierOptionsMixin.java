package org.fmnist.cli;

import java.nio.file.Path;
import org.fmnist.serving.ClassifierOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How predict and serve read a model: runtime, score output, class names, input scale. */
final class ClassifierOptionsMixin {
  @Mixin BackendOption backend;

  @Option(
      names = "--output",
      paramLabel = "NAME",
      description = "The signature output holding the class scores, when several qualify (probabilities, or logits: softmax applied).")
  String output;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "Class names, one per line or a JSON list (default: labels.txt or fmnist.json in or beside the version folder, else 'class N').")
  Path labels;

  @Option(
      names = "--input-scale",
      paramLabel = "S",
      description = "Float inputs get pixel x S: 1 for models trained on [0, 1], 255 for models trained on 0-255 (default: the provenance's inputScale, else 1).")
  Double inputScale;

  /** The options given; notices are logged with {@code prefix}. */
  ClassifierOptions options(String prefix) {
    ClassifierOptions options =
        ClassifierOptions.defaults()
            .withBackend(backend.backend())
            .withNotices(notice -> Logs.info(prefix + notice));
    if (output != null) {
      options = options.withOutput(output);
    }
    if (labels != null) {
      options = options.withLabels(labels);
    }
    if (inputScale != null) {
      options = options.withInputScale(inputScale);
    }
    return options;
  }
}
