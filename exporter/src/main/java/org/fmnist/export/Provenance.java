package org.fmnist.export;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.fmnist.data.ClassNames;
import org.fmnist.io.ProjectRoot;
import org.fmnist.model.ModelSpec;
import org.fmnist.train.DatasetProvenance;
import org.fmnist.train.Evaluation;
import org.fmnist.train.ConfigFile;

/**
 * Where an exported model comes from, written as {@code fmnist.json} beside it (TF Serving ignores
 * the file) and into {@code model.onnx}'s metadata: the model, the training recipe, the data, the
 * test metrics and the software that made it. {@code run} and the dataset's folder are relative to the
 * {@link ProjectRoot} when they lie under it.
 */
public record Provenance(
    String format,
    String name,
    long version,
    String createdAt,
    Model model,
    List<String> classNames,
    ConfigFile training,
    long seed,
    int epochsTrained,
    String run,
    DatasetProvenance dataset,
    Evaluation testMetrics,
    Software software,
    List<String> artifacts) {

  public static final String FILE = "fmnist.json";
  public static final String FORMAT = "fmnist-export/1";

  /** The model as trained: its name, its spec in the text form and its parameter counts. */
  public record Model(
      String name, String spec, long parameters, long trainableParameters, long nonTrainableParameters) {
    static Model of(ModelSpec spec) {
      return new Model(
          spec.name(),
          spec.toText(),
          spec.parameters(),
          spec.trainableParameters(),
          spec.nonTrainableParameters());
    }
  }

  /** The exporting software. */
  public record Software(String fmnist, String tensorflowJava, String tensorflow) {}

  static Provenance of(
      TrainedRun run, String name, long version, Instant createdAt, Software software, List<String> artifacts) {
    return new Provenance(
        FORMAT,
        name,
        version,
        createdAt.toString(),
        Model.of(run.spec()),
        ClassNames.ALL,
        run.configFile(),
        run.config().seed(),
        run.state().epochsDone(),
        ProjectRoot.describe(run.directory().path()),
        run.dataset(),
        run.testMetrics(),
        software,
        artifacts);
  }

  /** One paragraph for humans (the ONNX doc string). */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "Fashion-MNIST classifier '%s' version %d: model %s (%,d parameters: %s), trained %d epochs"
            + " (seed %d, batch %d, learning rate %s) on %d training images; test accuracy %.4f,"
            + " test loss %.4f. Input 'image' float32 [N, 28, 28, 1] NHWC in [0, 1]; outputs"
            + " 'probabilities' float32 [N, 10] and 'class_id' int64 [N] over the classes %s."
            + " Exported %s by fmnist %s with TensorFlow Java %s (TensorFlow %s).",
        name,
        version,
        model.name(),
        model.parameters(),
        model.spec(),
        epochsTrained,
        seed,
        training.batchSize(),
        training.learningRate(),
        dataset.trainImages(),
        testMetrics.accuracy(),
        testMetrics.loss(),
        String.join(", ", classNames),
        createdAt,
        software.fmnist(),
        software.tensorflowJava(),
        software.tensorflow());
  }
}
