package org.fmnist.serving.models;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.fmnist.serving.Backend;
import org.fmnist.serving.ClassifierOptions;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.ModelBackend;
import org.fmnist.serving.TensorFlowThreads;
import org.fmnist.serving.batching.BatchStatistics;
import org.fmnist.serving.batching.BatchingBackend;
import org.fmnist.serving.batching.BatchingParameters;

/** How a version folder becomes a served version: the runtime that computes it (and TensorFlow's threads) and, when on, its batch scheduler (reporting into statistics by model and version). */
public record VersionLoader(
    Backend backend, TensorFlowThreads tensorflowThreads, Optional<BatchingParameters> batching, BiFunction<String, Long, BatchStatistics> statistics) {
  static final VersionLoader TENSORFLOW =
      new VersionLoader(Backend.TENSORFLOW, TensorFlowThreads.DEFAULT, Optional.empty(), (model, version) -> BatchStatistics.NONE);

  LoadedVersion load(String model, long version, Path folder, Consumer<String> log) {
    String prefix = "fmnist serve: " + model + " version " + version + ": ";
    ImageClassifier classifier =
        ImageClassifier.load(folder, ClassifierOptions.defaults().withBackend(backend).withTensorFlowThreads(tensorflowThreads).withNotices(notice -> log.accept(prefix + notice)));
    if (batching.isEmpty()) {
      return new LoadedVersion(version, classifier, classifier.backend());
    }
    ModelBackend batched = new BatchingBackend(classifier.backend(), batching.get(), statistics.apply(model, version));
    return new LoadedVersion(version, classifier, batched);
  }
}
