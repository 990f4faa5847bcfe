package org.fmnist.train;

import java.util.Locale;
import org.fmnist.errors.BadOptionException;

/**
 * The regularisers of a run besides the model's own layers (dropout, BatchNormalization): data
 * {@code augmentation} of the training images; {@code labelSmoothing} ε, Keras's {@code
 * CategoricalCrossentropy(label_smoothing=ε)} on the one-hot labels, so the training loss is the
 * cross-entropy with the target (1-ε)·y + ε/10; {@code weightDecay} λ, Keras 3's optimizer {@code
 * weight_decay} (AdamW): before each Adam update every trainable variable w becomes w - lr·λ·w.
 * Validation and test loss are always the plain cross-entropy. A config.json written before these
 * existed reads as {@link #NONE}.
 */
public record Regularization(Augmentation augmentation, double labelSmoothing, double weightDecay) {
  public static final Regularization NONE = new Regularization(Augmentation.NONE, 0, 0);

  public Regularization {
    augmentation = augmentation == null ? Augmentation.NONE : augmentation;
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new BadOptionException("{labelSmoothing} must be in [0, 1), not " + labelSmoothing);
    }
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new BadOptionException("{weightDecay} must be in [0, 1), not " + weightDecay);
    }
  }

  /** One line for the log, e.g. {@code augment shift:2,flip, label smoothing 0.1, weight decay 0.0005}. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "augment %s, label smoothing %s, weight decay %s",
        augmentation.text(), labelSmoothing, weightDecay);
  }
}
