package org.fmnist.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fmnist.data.ClassNames;
import org.fmnist.data.LabeledImages;
import org.fmnist.errors.BadOptionException;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Inversion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Label image files (PNG, JPEG) or real test images with a SavedModel.",
      "Images are made grey, fitted to the model's size keeping their aspect ratio, and inverted when"
          + " their background is light (Fashion-MNIST items are light on dark)."
    })
final class PredictCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "A model folder (its highest version is used), e.g. saved_models/fashion_cnn, or a version folder.")
  Path model;

  @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image files to label.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--test-index",
      split = ",",
      paramLabel = "N",
      description = "Also label test image N (0..9999) of the dataset and show its true label; repeat or separate with commas.")
  List<Integer> testIndexes = new ArrayList<>();

  @Option(names = "--top-k", defaultValue = "1", paramLabel = "K", description = "Show the K most probable classes (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--no-invert", description = "Never invert images, even on a light background.")
  boolean noInvert;

  @Mixin ClassifierOptionsMixin classifierOptions;

  @Mixin DataOptions data;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (files.isEmpty() && testIndexes.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give image files to label, or --test-index");
    }
    if (topK < 1) {
      throw new ParameterException(spec.commandLine(), "--top-k must be at least 1, got " + topK);
    }
    Inversion inversion = noInvert ? Inversion.NEVER : Inversion.AUTO;
    List<PredictionReport.Row> rows = new ArrayList<>();
    try (ImageClassifier classifier = ImageClassifier.load(model, classifierOptions.options("fmnist predict: "))) {
      for (Path file : files) {
        try {
          rows.add(PredictionReport.Row.of(file.toString(), classifier.predict(file, inversion), topK));
        } catch (IllegalArgumentException | UncheckedIOException e) {
          Logs.info("fmnist: error: " + e.getMessage());
          rows.add(PredictionReport.Row.failed(file.toString(), e.getMessage()));
        }
      }
      if (!testIndexes.isEmpty()) {
        predictTestImages(classifier, rows);
      }
    }
    System.out.print(json ? PredictionReport.json(rows) : PredictionReport.table(rows, topK));
    return rows.stream().anyMatch(PredictionReport.Row::isFailure) ? Fmnist.FAILURE : Fmnist.OK;
  }

  private void predictTestImages(ImageClassifier classifier, List<PredictionReport.Row> rows) {
    if (classifier.height() != LabeledImages.ROWS || classifier.width() != LabeledImages.COLS) {
      throw new BadOptionException(
          "{testIndex} needs a 28x28 model, " + model + " takes " + classifier.height() + "x" + classifier.width());
    }
    LabeledImages test = data.load().test();
    for (int index : testIndexes) {
      if (index < 0 || index >= test.size()) {
        throw new BadOptionException("{testIndex} " + index + " is outside 0.." + (test.size() - 1));
      }
    }
    boolean datasetNames = classifier.labels().equals(ClassNames.ALL);
    for (int index : testIndexes) {
      int label = test.label(index);
      // with other class names (or none) the model's column reads "class 9": show "9 (Ankle boot)" beside it
      String trueLabel = datasetNames ? ClassNames.of(label) : label + " (" + ClassNames.of(label) + ")";
      rows.add(PredictionReport.Row.of("test[" + index + "]", classifier.predict(test.imageAsFloats(index)), topK, label, trueLabel));
    }
  }
}
