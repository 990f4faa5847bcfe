package org.fmnist.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fmnist.data.LabeledImages;
import org.fmnist.errors.BadOptionException;

/**
 * Random changes to training images, drawn per image on the host from a generator keyed by the
 * run's seed and the optimizer step, so a resumed run sees exactly the same images. {@code shift}:
 * translate by dx, dy drawn uniformly from [-shift, shift] pixels with black fill (pad by shift,
 * crop 28x28 at a random offset); {@code flip}: mirror left-right with probability 1/2; {@code
 * eraseProbability}: with that probability blank (set to 0) an {@code eraseSize} x {@code
 * eraseSize} square placed uniformly inside the image (cutout). Applied in that order. Text form:
 * {@code shift:2,flip,erase:0.5} or {@code erase:0.5:10}; {@code none} for no augmentation.
 */
public record Augmentation(int shift, boolean flip, double eraseProbability, int eraseSize) {
  private static final int SIDE = LabeledImages.ROWS;
  private static final int DEFAULT_ERASE_SIZE = 10;
  public static final Augmentation NONE = new Augmentation(0, false, 0, DEFAULT_ERASE_SIZE);

  public Augmentation {
    if (shift < 0 || shift >= SIDE) {
      throw new BadOptionException("{augment}: shift must be in 0..27 pixels, not " + shift);
    }
    if (!(eraseProbability >= 0 && eraseProbability <= 1)) {
      throw new BadOptionException("{augment}: erase probability must be in [0, 1], not " + eraseProbability);
    }
    if (eraseSize < 1 || eraseSize > SIDE) {
      throw new BadOptionException("{augment}: erase size must be in 1..28 pixels, not " + eraseSize);
    }
  }

  /** Parses the text form; {@code none} or an empty text is no augmentation. */
  @JsonCreator
  public static Augmentation parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.isEmpty() || trimmed.equals("none")) {
      return NONE;
    }
    int shift = 0;
    boolean flip = false;
    double erase = 0;
    int eraseSize = DEFAULT_ERASE_SIZE;
    for (String part : trimmed.split(",")) {
      String[] f = part.trim().split(":");
      try {
        switch (f[0]) {
          case "shift" -> {
            arity(part, f, 2, 2);
            shift = Integer.parseInt(f[1]);
          }
          case "flip" -> {
            arity(part, f, 1, 1);
            flip = true;
          }
          case "erase" -> {
            arity(part, f, 2, 3);
            erase = Double.parseDouble(f[1]);
            eraseSize = f.length == 3 ? Integer.parseInt(f[2]) : eraseSize;
          }
          default -> throw new BadOptionException(
              "{augment}: unknown augmentation '" + part + "' (known: shift:PIXELS, flip, erase:P[:SIZE], none)");
        }
      } catch (NumberFormatException e) {
        throw new BadOptionException("{augment}: not a number in '" + part + "'");
      }
    }
    return new Augmentation(shift, flip, erase, eraseSize);
  }

  private static void arity(String part, String[] fields, int min, int max) {
    if (fields.length < min || fields.length > max) {
      throw new BadOptionException("{augment}: malformed '" + part + "' (shift:PIXELS, flip, erase:P[:SIZE])");
    }
  }

  /** The text form, {@link #parse} of which gives this augmentation back. */
  @JsonValue
  public String text() {
    List<String> parts = new ArrayList<>();
    if (shift > 0) {
      parts.add("shift:" + shift);
    }
    if (flip) {
      parts.add("flip");
    }
    if (eraseProbability > 0) {
      parts.add(String.format(Locale.ROOT, "erase:%s:%d", eraseProbability, eraseSize));
    }
    return parts.isEmpty() ? "none" : String.join(",", parts);
  }

  public boolean isNone() {
    return shift == 0 && !flip && eraseProbability == 0;
  }

  /** The generator of step {@code step}'s draws; the same seed and step give the same draws. */
  public static SplittableRandom random(long seed, long step) {
    return new SplittableRandom((seed ^ 0x5DEECE66DL) * 0x9E3779B97F4A7C15L + step);
  }

  /** What was drawn for one image; {@code eraseSize} 0: nothing erased. */
  public record Draw(int dx, int dy, boolean mirrored, int eraseRow, int eraseCol, int eraseSize) {}

  /** The next image's draw; every field is drawn in a fixed order so draws never shift. */
  public Draw draw(SplittableRandom random) {
    int dx = shift > 0 ? random.nextInt(-shift, shift + 1) : 0;
    int dy = shift > 0 ? random.nextInt(-shift, shift + 1) : 0;
    boolean mirrored = flip && random.nextBoolean();
    boolean erased = eraseProbability > 0 && random.nextDouble() < eraseProbability;
    int row = erased ? random.nextInt(SIDE - eraseSize + 1) : 0;
    int col = erased ? random.nextInt(SIDE - eraseSize + 1) : 0;
    return new Draw(dx, dy, mirrored, row, col, erased ? eraseSize : 0);
  }

  /**
   * Writes image {@code src[from .. from + 784)} changed by {@code draw} into {@code dst[0 ..
   * 784)}: pixel (r, c) of the result is the source pixel (r - dy, c - dx) of the (mirrored)
   * image, black where that falls outside.
   */
  public static void apply(Draw draw, byte[] src, int from, byte[] dst) {
    for (int r = 0; r < SIDE; r++) {
      int sr = r - draw.dy();
      for (int c = 0; c < SIDE; c++) {
        int sc = c - draw.dx();
        boolean inside = sr >= 0 && sr < SIDE && sc >= 0 && sc < SIDE;
        int col = draw.mirrored() ? SIDE - 1 - sc : sc;
        dst[r * SIDE + c] = inside ? src[from + sr * SIDE + col] : 0;
      }
    }
    for (int r = draw.eraseRow(); r < draw.eraseRow() + draw.eraseSize(); r++) {
      int start = r * SIDE + draw.eraseCol();
      Arrays.fill(dst, start, start + draw.eraseSize(), (byte) 0);
    }
  }
}
