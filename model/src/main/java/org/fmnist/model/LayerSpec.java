package org.fmnist.model;

/**
 * One Keras layer of a model: its hyper-parameters, its output shape and parameter counts. The
 * graph code ({@link ModelGraph}) and the exporters dispatch on these records; nothing else knows
 * layer details.
 */
public sealed interface LayerSpec {

  /** Keras's base name for layers of this kind ({@code conv2d}, {@code dense}, ...). */
  String kerasName();

  FeatureShape outputShape(FeatureShape input);

  /** All parameters, trainable or not, for the given input. */
  default long parameters(FeatureShape input) {
    return 0;
  }

  default long nonTrainableParameters(FeatureShape input) {
    return 0;
  }

  /** This layer in the text form of {@link SpecParser}. */
  String token();

  /** Conv2D with bias; kernel {@code kernel x kernel}, HWIO layout. */
  record Conv2D(int filters, int kernel, int stride, Padding padding, Activation activation)
      implements LayerSpec {
    public String kerasName() {
      return "conv2d";
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

    public long parameters(FeatureShape in) {
      return (long) kernel * kernel * in.channels() * filters + filters;
    }

    public String token() {
      return "conv:" + filters + ":" + kernel + ":" + padding.name().toLowerCase()
          + (stride == 1 ? "" : ":s" + stride) + ":" + activation.token();
    }
  }

  /** Fully connected layer with bias. Needs a flat input. */
  record Dense(int units, Activation activation) implements LayerSpec {
    public String kerasName() {
      return "dense";
    }

    public FeatureShape outputShape(FeatureShape in) {
      if (!in.flat()) {
        throw new SpecException(token() + " needs a flat input: put 'flatten' before it");
      }
      return FeatureShape.vector(units);
    }

    public long parameters(FeatureShape in) {
      return (long) in.units() * units + units;
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

    public FeatureShape outputShape(FeatureShape in) {
      return in;
    }

    public long parameters(FeatureShape in) {
      return 4L * in.channels();
    }

    public long nonTrainableParameters(FeatureShape in) {
      return 2L * in.channels();
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

    public FeatureShape outputShape(FeatureShape in) {
      return in;
    }

    public String token() {
      return "relu";
    }
  }

  private static void requireImage(FeatureShape in, LayerSpec layer) {
    if (in.flat()) {
      throw new SpecException(layer.token() + " needs an image input, but it follows 'flatten'");
    }
  }
}
