package org.fmnist.report;

import org.fmnist.errors.BadOptionException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fmnist.data.ClassNames;
import org.fmnist.data.LabeledImages;
import org.fmnist.model.Activation;
import org.fmnist.model.Evaluator;
import org.fmnist.model.FeatureShape;
import org.fmnist.model.LayerSpec;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.PlacedLayer;
import org.fmnist.model.RestoredModel;
import org.fmnist.model.Weight;
import org.fmnist.train.Augmentation;
import org.fmnist.train.Evaluation;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RunEvaluation;
import org.fmnist.train.TrainingConfig;
import org.tensorflow.types.TFloat32;

/**
 * {@code fmnist visualize}: restores a run's final weights and draws what the model learned and
 * where it fails (first-layer filters, feature maps of one test image, misclassified test images)
 * beside the run's curves and test metrics, all gathered in the run's {@code report.html}.
 */
public final class RunVisualizer {
  public static final String MISCLASSIFIED = "misclassified.png";
  static final int MISCLASSIFIED_SHOWN = 40;
  private static final int COLUMNS = 8;
  private static final int TILE = 56;

  private RunVisualizer() {}

  /** Writes every picture and the report into {@code out}; returns the files written. */
  public static List<Path> visualize(
      RunDirectory run, LabeledImages test, int testIndex, Path out, int threads) {
    if (testIndex < 0 || testIndex >= test.size()) {
      throw new BadOptionException(
          "{testIndex} must be in [0, " + (test.size() - 1) + "], not " + testIndex);
    }
    TrainingConfig config = run.readConfig();
    ModelSpec spec = config.modelSpec();
    try (RestoredModel model = RunEvaluation.restore(run, threads)) {
      Evaluator evaluator = model.evaluator();
      Evaluator.Predictions predictions = evaluator.evaluate(test, true);
      List<Figure> figures = new ArrayList<>();
      convolutions(spec).stream().findFirst().ifPresent(layer -> figures.add(filters(model, layer)));
      figures.addAll(featureMaps(evaluator, spec, test, testIndex, predictions));
      misclassified(test, predictions).ifPresent(figures::add);
      Augmentation augmentation = config.regularization().augmentation();
      if (!augmentation.isNone()) {
        figures.add(AugmentedSamples.figure(test, augmentation, config.seed(), "test"));
      }
      return RunReport.write(run, Evaluation.of(test, predictions), figures, out);
    }
  }

  private static List<PlacedLayer> convolutions(ModelSpec spec) {
    return spec.placedLayers().stream().filter(l -> l.spec() instanceof LayerSpec.Conv2D).toList();
  }

  /** The first convolution's kernels (HWIO), one tile per filter on one scale symmetric around 0. */
  static Figure filters(RestoredModel model, PlacedLayer layer) {
    LayerSpec.Conv2D conv = (LayerSpec.Conv2D) layer.spec();
    String name = layer.name();
    int k = conv.kernel();
    int in = layer.input().channels();
    int out = conv.filters();
    float[] kernel = model.read(layer.weight(Weight.Role.KERNEL));
    double largest = 1e-12;
    for (float w : kernel) {
      largest = Math.max(largest, Math.abs(w));
    }
    List<TileGrid.Tile> tiles = new ArrayList<>();
    for (int f = 0; f < out; f++) {
      float[] values = new float[k * k];
      for (int p = 0; p < k * k; p++) {
        values[p] = kernel[p * in * out + f]; // input channel 0: the grey image
      }
      tiles.add(
          new TileGrid.Tile(
              TensorImage.of(values, k, k, ColourMap.VIRIDIS, -largest, largest),
              List.of("#" + (f + 1))));
    }
    TileGrid grid =
        new TileGrid(
            "Learned filters of " + name + " (" + out + " filters, " + k + " × " + k + ")",
            List.of(
                "Weights of the run's final checkpoint, one colour scale for all filters,"
                    + " symmetric around 0."),
            COLUMNS,
            k * Math.max(1, TILE / k),
            new TileGrid.Scale(ColourMap.VIRIDIS, -largest, largest, "weight"));
    return Figure.of("filters_" + name + ".png", "Learned filters of " + name, grid.render(tiles));
  }

  /** One picture per convolution layer: the test image, then every channel of the layer output. */
  static List<Figure> featureMaps(
      Evaluator evaluator,
      ModelSpec spec,
      LabeledImages test,
      int index,
      Evaluator.Predictions predictions) {
    int truth = test.label(index);
    int predicted = predictions.predicted()[index];
    String verdict =
        "Test image #" + index + ": true class " + ClassNames.of(truth) + ", predicted "
            + ClassNames.of(predicted) + " ("
            + Numbers.percent(predictions.probabilities()[index][predicted], 1) + ")";
    TileGrid.Tile input =
        new TileGrid.Tile(TensorImage.grey(test, index), List.of("input image"));
    List<TFloat32> outputs = evaluator.layerOutputs(test, index);
    try {
      List<Figure> figures = new ArrayList<>();
      for (PlacedLayer layer : convolutions(spec)) {
        figures.add(
            featureMapFigure(
                layer.name(), (LayerSpec.Conv2D) layer.spec(), layer.output(),
                outputs.get(layer.index()), input, verdict, index));
      }
      return figures;
    } finally {
      outputs.forEach(TFloat32::close);
    }
  }

  private static Figure featureMapFigure(
      String name, LayerSpec.Conv2D conv, FeatureShape shape, TFloat32 output,
      TileGrid.Tile input, String verdict, int index) {
    int h = shape.height();
    int w = shape.width();
    int c = shape.channels();
    float[] values = new float[h * w * c];
    output.asRawTensor().data().asFloats().read(values);
    double min = 0;
    double max = 1e-12;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    List<TileGrid.Tile> tiles = new ArrayList<>();
    tiles.add(input);
    for (int channel = 0; channel < c; channel++) {
      float[] map = new float[h * w];
      for (int p = 0; p < h * w; p++) {
        map[p] = values[p * c + channel];
      }
      tiles.add(
          new TileGrid.Tile(
              TensorImage.of(map, w, h, ColourMap.VIRIDIS, min, max),
              List.of("#" + (channel + 1))));
    }
    String stage = conv.activation() == Activation.RELU ? "after ReLU" : "before any activation";
    TileGrid grid =
        new TileGrid(
            "Feature maps of " + name + " (" + c + " maps of " + h + " × " + w + ", " + stage + ")",
            List.of(verdict, "First tile: the input image (grey); the maps share one colour scale."),
            COLUMNS,
            TILE,
            new TileGrid.Scale(ColourMap.VIRIDIS, min, max, "activation"));
    return Figure.of(
        "feature_maps_" + name + ".png",
        "Feature maps of " + name + " for test image #" + index,
        grid.render(tiles));
  }

  /** The first misclassified test images in test-set order, with true and predicted classes. */
  static Optional<Figure> misclassified(
      LabeledImages test, Evaluator.Predictions predictions) {
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      if (predictions.predicted()[i] != test.label(i)) {
        wrong.add(i);
      }
    }
    if (wrong.isEmpty()) {
      return Optional.empty();
    }
    List<TileGrid.Tile> tiles = new ArrayList<>();
    for (int i : wrong.subList(0, Math.min(MISCLASSIFIED_SHOWN, wrong.size()))) {
      int p = predictions.predicted()[i];
      tiles.add(
          new TileGrid.Tile(
              TensorImage.grey(test, i),
              List.of(
                  "test #" + i,
                  "true: " + ClassNames.of(test.label(i)),
                  "pred: " + ClassNames.of(p) + " " + Numbers.percent(predictions.probabilities()[i][p], 0))));
    }
    String title =
        "Misclassified test images (first " + tiles.size() + " of " + wrong.size() + " in test order)";
    TileGrid grid =
        new TileGrid(title, List.of("pred: predicted class and its softmax probability."), COLUMNS, TILE, null);
    return Optional.of(Figure.of(MISCLASSIFIED, title, grid.render(tiles)));
  }
}
