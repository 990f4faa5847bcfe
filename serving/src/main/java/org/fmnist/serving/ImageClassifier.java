package org.fmnist.serving;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * An image classifier loaded from a SavedModel: any model whose {@code serving_default} signature
 * takes one image tensor and returns class scores (probabilities or logits). Input and output
 * names, shapes, the pixel type and the class names are read from the model, not assumed; logits
 * are turned into probabilities with a softmax.
 *
 * <pre>{@code
 * try (var model = ImageClassifier.load(Path.of("saved_models/fashion_cnn"))) {
 *   Prediction p = model.predict(ImageIO.read(new File("shoe.png")));
 *   System.out.println(p.label() + " " + p.confidence());
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may call {@code predict} on one instance. Close it once,
 * after the last prediction.
 */
public final class ImageClassifier implements AutoCloseable {
  private final ModelBackend backend;
  private final ClassifierSignature signature;
  private final List<String> labels;
  private final InputEncoding input;
  private final ScoreReading scores;
  private volatile boolean closed;

  private ImageClassifier(
      ModelBackend backend, ClassifierSignature signature, List<String> labels, InputEncoding input, ScoreReading scores) {
    this.backend = backend;
    this.signature = signature;
    this.labels = labels;
    this.input = input;
    this.scores = scores;
  }

  /**
   * Loads a model folder's highest version ({@code saved_models/fashion_cnn}) or one version folder
   * ({@code saved_models/fashion_cnn/3}) with the default options.
   */
  public static ImageClassifier load(Path modelOrVersionFolder) {
    return load(modelOrVersionFolder, ClassifierOptions.defaults());
  }

  /** Loads a model folder's highest version or one version folder, as {@code options} say. */
  public static ImageClassifier load(Path modelOrVersionFolder, ClassifierOptions options) {
    Path folder = ModelFolders.resolve(modelOrVersionFolder);
    ModelBackend backend = ModelBackends.load(folder, options);
    try {
      ClassifierSignature signature;
      try {
        signature = ClassifierSignature.read(backend, options.output());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(folder + ": not an image classifier: " + e.getMessage(), e);
      }
      List<String> labels = ClassLabels.of(folder, signature.classCount(), options.labels());
      InputEncoding input = InputEncoding.of(signature, inputScale(folder, options));
      // the first call decides whether the output is a probability distribution
      ScoreReading scores = ScoreReading.of(signature, scoreRows(backend, signature, input, new float[1][signature.instanceSize()]));
      ImageClassifier classifier = new ImageClassifier(backend, signature, labels, input, scores);
      options.notices().accept("using " + classifier.outputUse());
      return classifier;
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  private static double inputScale(Path folder, ClassifierOptions options) {
    if (options.inputScale().isPresent()) {
      return options.inputScale().getAsDouble();
    }
    return ModelProvenance.find(folder)
        .map(ModelProvenance::inputScale)
        .filter(OptionalDouble::isPresent)
        .map(OptionalDouble::getAsDouble)
        .orElse(1.0);
  }

  /** Predicts an image of any size and colour, inverting it when its background is light. */
  public Prediction predict(BufferedImage image) {
    return predict(image, Inversion.AUTO);
  }

  public Prediction predict(BufferedImage image, Inversion inversion) {
    return predict(pixels(image, inversion));
  }

  /** Predicts an image file (PNG, JPEG), inverting it when its background is light. */
  public Prediction predict(Path imageFile) {
    return predict(imageFile, Inversion.AUTO);
  }

  public Prediction predict(Path imageFile, Inversion inversion) {
    return predict(ImageFiles.read(imageFile), inversion);
  }

  /** Predicts one image given as the model's input: {@code height * width} floats in [0, 1], row-major. */
  public Prediction predict(float[] pixels) {
    return predictBatch(new float[][] {pixels}).get(0);
  }

  /** Predicts a batch of images in one run of the model; see {@link #predict(float[])}. */
  public List<Prediction> predictBatch(float[][] images) {
    if (closed) {
      throw new IllegalStateException(folder() + ": the model is closed");
    }
    if (images.length == 0) {
      return List.of();
    }
    int size = signature.instanceSize();
    for (int i = 0; i < images.length; i++) {
      checkPixels(i, images[i], size);
    }
    float[] scoreRows = scoreRows(backend, signature, input, images);
    int classes = signature.classCount();
    List<Prediction> predictions = new ArrayList<>(images.length);
    for (int i = 0; i < images.length; i++) {
      float[] row = new float[classes];
      System.arraycopy(scoreRows, i * classes, row, 0, classes);
      predictions.add(new Prediction(scores.probabilities(row), labels));
    }
    return predictions;
  }

  /** One run of the model: the score output's values, {@code images.length} rows of the class count. */
  private static float[] scoreRows(ModelBackend backend, ClassifierSignature signature, InputEncoding input, float[][] images) {
    HostTensor batch = input.encode(images);
    HostTensor output = backend.run(signature.key(), Map.of(signature.inputName(), batch), List.of(signature.outputName()))
        .get(signature.outputName());
    long[] expected = {images.length, signature.classCount()};
    if (!Arrays.equals(output.shape(), expected)) {
      throw new IllegalStateException(
          "output " + signature.outputName() + " has shape " + Arrays.toString(output.shape()) + ", expected " + Arrays.toString(expected));
    }
    return output.floats();
  }

  /** How the output is read: "probabilities: Softmax", or "logits: softmax applied". */
  public String outputUse() {
    return "output '" + signature.outputName() + "' (" + scores.description(signature) + ")";
  }

  /** The exact input the model gets for {@code image}: grey, fitted, maybe inverted. */
  public float[] pixels(BufferedImage image, Inversion inversion) {
    return ImagePreprocessor.toPixels(image, signature.height(), signature.width(), inversion);
  }

  /** The class names, by class id. */
  public List<String> labels() {
    return labels;
  }

  public int height() {
    return signature.height();
  }

  public int width() {
    return signature.width();
  }

  /** The SavedModel folder this classifier was loaded from. */
  public Path folder() {
    return backend.folder();
  }

  /** The version number, when the folder is a numbered version folder. */
  public OptionalLong version() {
    long version = ModelFolders.versionOf(backend.folder());
    return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
  }

  /** The runtime computing the model, to run any of its signatures directly (as the REST server does). */
  public ModelBackend backend() {
    return backend;
  }

  @Override
  public void close() {
    closed = true;
    backend.close();
  }

  private static void checkPixels(int image, float[] pixels, int size) {
    if (pixels.length != size) {
      throw new IllegalArgumentException("image " + image + " has " + pixels.length + " values, the model takes " + size);
    }
    for (int p = 0; p < size; p++) {
      if (!(pixels[p] >= 0f && pixels[p] <= 1f)) {
        throw new IllegalArgumentException(
            "image " + image + " has value " + pixels[p] + " at " + p + ": pixels must be in [0, 1]");
      }
    }
  }
}
