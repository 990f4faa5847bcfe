package org.fmnist.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fmnist.data.ClassNames;
import org.fmnist.data.LabeledImages;
import org.fmnist.train.Augmentation;

/**
 * A picture of what an augmentation does: the first image of each class (top row) and {@value
 * #VARIANTS} augmented versions of it below, drawn with the training loop's own generator, each
 * captioned with its draw.
 */
public final class AugmentedSamples {
  public static final String FILE = "augmented_samples.png";
  static final int VARIANTS = 4;
  private static final int TILE = 84;

  private AugmentedSamples() {}

  public static Figure figure(LabeledImages images, Augmentation augmentation, long seed, String source) {
    return Figure.of(FILE, "Augmented samples (" + augmentation.text() + ")", render(images, augmentation, seed, source));
  }

  static BufferedImage render(LabeledImages images, Augmentation augmentation, long seed, String source) {
    int[] first = firstOfEachClass(images);
    List<TileGrid.Tile> tiles = new ArrayList<>();
    for (int c = 0; c < ClassNames.COUNT; c++) {
      tiles.add(tile(images, first[c], List.of(ClassNames.of(c), "original")));
    }
    byte[] out = new byte[LabeledImages.PIXELS];
    for (int row = 0; row < VARIANTS; row++) {
      SplittableRandom random = Augmentation.random(seed, row);
      for (int c = 0; c < ClassNames.COUNT; c++) {
        if (first[c] < 0) {
          tiles.add(new TileGrid.Tile(Canvas.blank(1, 1), List.of("(none)", "")));
          continue;
        }
        Augmentation.Draw draw = augmentation.draw(random);
        Augmentation.apply(draw, images.pixelBytes(), first[c] * LabeledImages.PIXELS, out);
        LabeledImages one = new LabeledImages(out.clone(), new byte[] {(byte) c});
        tiles.add(tile(one, 0, caption(draw)));
      }
    }
    return new TileGrid(
            "Augmentation " + augmentation.text() + ": " + VARIANTS + " draws per image",
            List.of(
                "Top row: the first " + source + " image of each class; below: augmented as the"
                    + " training loop does (seed " + seed + ", steps 0-" + (VARIANTS - 1) + ").",
                "Validation, test and export never see augmented images."),
            ClassNames.COUNT,
            TILE,
            null)
        .render(tiles);
  }

  private static TileGrid.Tile tile(LabeledImages images, int index, List<String> caption) {
    return index < 0
        ? new TileGrid.Tile(Canvas.blank(1, 1), List.of("(none)", ""))
        : new TileGrid.Tile(TensorImage.grey(images, index), caption);
  }

  /** e.g. {@code shift +1,-2} and {@code flip, erase}. */
  static List<String> caption(Augmentation.Draw draw) {
    String shift = String.format(Locale.ROOT, "shift %+d,%+d", draw.dx(), draw.dy());
    List<String> what = new ArrayList<>();
    if (draw.mirrored()) {
      what.add("flip");
    }
    if (draw.eraseSize() > 0) {
      what.add("erase");
    }
    return List.of(shift, what.isEmpty() ? "-" : String.join(", ", what));
  }

  private static int[] firstOfEachClass(LabeledImages images) {
    int[] first = new int[ClassNames.COUNT];
    Arrays.fill(first, -1);
    for (int i = 0; i < images.size(); i++) {
      if (first[images.label(i)] < 0) {
        first[images.label(i)] = i;
      }
    }
    return first;
  }
}
