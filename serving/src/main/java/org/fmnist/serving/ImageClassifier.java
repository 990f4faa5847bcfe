package org.fmnist.serving;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * An image classifier loaded from a SavedModel: any model whose {@code serving_default} signature
 * takes one float image tensor and returns class probabilities. Input and output names, shapes
 * and the class names are read from the model, not assumed.
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
  private final SavedModelSession session;
  private final ClassifierSignature signature;
  private final List<String> labels;
  private volatile boolean closed;

  private ImageClassifier(SavedModelSession session, ClassifierSignature signature, List<String> labels) {
    this.session = session;
    this.signature = signature;
    this.labels = labels;
  }

  /**
   * Loads a model folder's highest version ({@code saved_models/fashion_cnn}) or one version folder
   * ({@code saved_models/fashion_cnn/3}).
   */
  public static ImageClassifier load(Path modelOrVersionFolder) {
    Path folder = ModelFolders.resolve(modelOrVersionFolder);
    SavedModelSession session = SavedModelSession.load(folder);
    try {
      ClassifierSignature signature;
      try {
        signature = ClassifierSignature.read(session);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(folder + ": not an image classifier: " + e.getMessage(), e);
      }
      return new ImageClassifier(session, signature, ClassLabels.of(folder, signature.classCount()));
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
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
    float[] batch = new float[images.length * size];
    for (int i = 0; i < images.length; i++) {
      checkPixels(i, images[i], size);
      System.arraycopy(images[i], 0, batch, i * size, size);
    }
    long[] shape = LongStream.concat(LongStream.of(images.length), LongStream.of(signature.instanceShape())).toArray();
    int classes = signature.classCount();
    float[] probabilities = new float[images.length * classes];
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(batch, true, false));
        Result result = session.run(signature.key(), signature.inputName(), input, signature.probabilitiesName())) {
      Tensor output = result.get(0);
      if (output.shape().size() != probabilities.length) {
        throw new IllegalStateException(
            "output " + signature.probabilitiesName() + " has shape " + output.shape() + ", expected [" + images.length + ", " + classes + "]");
      }
      output.asRawTensor().data().asFloats().read(probabilities);
    }
    List<Prediction> predictions = new ArrayList<>(images.length);
    for (int i = 0; i < images.length; i++) {
      float[] row = new float[classes];
      System.arraycopy(probabilities, i * classes, row, 0, classes);
      predictions.add(new Prediction(row, labels));
    }
    return predictions;
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
    return session.folder();
  }

  /** The version number, when the folder is a numbered version folder. */
  public OptionalLong version() {
    long version = ModelFolders.versionOf(session.folder());
    return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
  }

  /** The underlying SavedModel, to run its signatures directly (as the REST server does). */
  public SavedModelSession savedModel() {
    return session;
  }

  @Override
  public void close() {
    closed = true;
    session.close();
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
