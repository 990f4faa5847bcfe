package org.fmnist.model;

import java.util.List;
import java.util.Locale;
import org.tensorflow.ndarray.Shape;

/**
 * One Keras layer of a model: its hyper-parameters, its output shape and the weights it declares.
 * Code that treats layer kinds differently (the TensorFlow graph, the ONNX writer) implements
 * {@link Visitor}, so the compiler names every consumer a new layer kind would miss.
 */
public sealed interface LayerSpec {

  /** Keras's base name for layers of this kind ({@code conv2d}, {@code dense}, ...). */
  String kerasName();

  /** Keras's class name, shown by the summary ({@code Conv2D}, {@code MaxPooling2D}, ...). */
  String kerasType();

  FeatureShape outputShape(FeatureShape input);

  /** The variables of this layer named {@code layerName} on {@code input}; none by default. */
  default List<Weight> weights(String layerName, FeatureShape input) {
    return List.of();
  }

  /** This layer in the text form of {@link SpecParser}. */
  String token();

  <R> R accept(Visitor<R> visitor);

  /** One method per layer kind. */
  interface Visitor<R> {
    R conv2d(Conv2D layer);

    R dense(Dense layer);

    R maxPool(MaxPool layer);

    R flatten(Flatten layer);

    R dropout(Dropout layer);

    R batchNorm(BatchNorm layer);

    R relu(Relu layer);
  }

  /** Conv2D with bias; kernel {@code kernel x kernel}, HWIO layout. */
  record Conv2D(int filters, int kernel, int stride, Padding padding, Activation activation)
      implements LayerSpec {
    public String kerasName() {
      return "conv2d";
    }

    public String kerasType() {
      return "Conv2D";
    }

    public <R> R accept(Visitor<R> visitor) {
      return visitor.conv2d(this);
    }

    public FeatureShape outputShape(FeatureShape in) {
      requireImage(in, this);
      int h = padding.outputLength(in.height(), kernel, stride);
      int w = padding.outputLength(in.width(), kernel, stride);
      if (h < 1 || w < 1) {
        throw new SpecException(token() + " does not fit its " + in + " input");
      }
      return FeatureShape.image(h, w, filters);
    }

    public List<Weight> weights(String name, FeatureShape in) {
      return List.of(
          trainable(name, Weight.Role.KERNEL, Shape.of(kernel, kernel, in.channels(), filters), Weight.Initializer.GLOROT_UNIFORM),
          trainable(name, Weight.Role.BIAS, Shape.of(filters), Weight.Initializer.ZEROS));
    }

    public String token() {
      return "conv:" + filters + ":" + kernel + ":" + padding.name().toLowerCase(Locale.ROOT)
          + (stride == 1 ? "" : ":s" + stride) + ":" + activation.token();
    }
  }

  /** Fully connected layer with bias. Needs a flat input. */
  record Dense(int units, Activation activation) implements LayerSpec {
    public String kerasName() {
      return "dense";
    }

    public String kerasType() {
      return "Dense";
    }

    public <R> R accept(Visitor<R> visitor) {
      return visitor.dense(this);
    }

    public FeatureShape outputShape(FeatureShape in) {
      if (!in.flat()) {
        throw new SpecException(token() + " needs a flat input: put 'flatten' before it");
      }
      return FeatureShape.vector(units);
    }

    public List<Weight> weights(String name, FeatureShape in) {
      return List.of(
          trainable(name, Weight.Role.KERNEL, Shape.of(in.units(), units), Weight.Initializer.GLOROT_UNIFORM),
          trainable(name, Weight.Role.BIAS, Shape.of(units), Weight.Initializer.ZEROS));
    }

    public String token() {
      return "dense:" + units + ":" + activation.token();
    }
  }

  /** Max pooling with a square window; Keras's default stride equals the window. */
  record MaxPool(int size, int stride) implements LayerSpec {
    public String kerasName() {
      return "max_pooling2d";
    }

    public String kerasType() {
      return "MaxPooling2D";
    }

    public <R> R accept(Visitor<R> visitor) {
      return visitor.maxPool(this);
    }

    public FeatureShape outputShape(FeatureShape in) {
      requireImage(in, this);
      int h = Padding.VALID.outputLength(in.height(), size, stride);
      int w = Padding.VALID.outputLength(in.width(), size, stride);
      if (h < 1 || w < 1) {
        throw new SpecException(token() + " does not fit its " + in + " input");
      }
      return FeatureShape.image(h, w, in.channels());
    }

    public String token() {
      return "maxpool:" + size + (stride == size ? "" : ":s" + stride);
    }
  }

  /** Flatten in Keras's order: height, then width, then channel. */
  record Flatten() implements LayerSpec {
    public String kerasName() {
      return "flatten";
    }

    public String kerasType() {
      return "Flatten";
    }

    public <R> R accept(Visitor<R> visitor) {
      return visitor.flatten(this);
    }

    public FeatureShape outputShape(FeatureShape in) {
      return FeatureShape.vector(in.units());
    }

    public String token() {
      return "flatten";
    }
  }

  /** Inverted dropout: active in training only. */
  record Dropout(double rate) implements LayerSpec {
    public String kerasName() {
      return "dropout";
    }

    public String kerasType() {
      return "Dropout";
    }

    public <R> R accept(Visitor<R> visitor) {
      return visitor.dropout(this);
    }

    public FeatureShape outputShape(FeatureShape in) {
      return in;
    }

    public String token() {
      return "dropout:" + rate;
    }
  }

  /**
   * Batch normalization over the last axis with Keras's defaults (momentum 0.99, epsilon 1e-3):
   * gamma and beta trainable, moving mean and variance not.
   */
  record BatchNorm() implements LayerSpec {
    public static final float MOMENTUM = 0.99f;
    public static final float EPSILON = 1e-3f;

    public String kerasName() {
      return "batch_normalization";
    }

    public String kerasType() {
      return "BatchNormalization";
    }

    public <R> R accept(Visitor<R> visitor) {
      return visitor.batchNorm(this);
    }

    public FeatureShape outputShape(FeatureShape in) {
      return in;
    }

    public List<Weight> weights(String name, FeatureShape in) {
      Shape channels = Shape.of(in.channels());
      return List.of(
          trainable(name, Weight.Role.GAMMA, channels, Weight.Initializer.ONES),
          trainable(name, Weight.Role.BETA, channels, Weight.Initializer.ZEROS),
          new Weight(name, Weight.Role.MOVING_MEAN, channels, Weight.Initializer.ZEROS, false),
          new Weight(name, Weight.Role.MOVING_VARIANCE, channels, Weight.Initializer.ONES, false));
    }

    public String token() {
      return "bn";
    }
  }

  /** A standalone ReLU layer (Keras {@code Activation('relu')}). */
  record Relu() implements LayerSpec {
    public String kerasName() {
      return "activation";
    }

    public String kerasType() {
      return "Activation";
    }

    public <R> R accept(Visitor<R> visitor) {
      return visitor.relu(this);
    }

    public FeatureShape outputShape(FeatureShape in) {
      return in;
    }

    public String token() {
      return "relu";
    }
  }

  private static Weight trainable(
      String layer, Weight.Role role, Shape shape, Weight.Initializer initializer) {
    return new Weight(layer, role, shape, initializer, true);
  }

  private static void requireImage(FeatureShape in, LayerSpec layer) {
    if (in.flat()) {
      throw new SpecException(layer.token() + " needs an image input, but it follows 'flatten'");
    }
  }
}
