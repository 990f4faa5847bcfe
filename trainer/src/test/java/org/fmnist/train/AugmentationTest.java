package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.fmnist.data.LabeledImages;
import org.fmnist.errors.BadOptionException;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static final int SIDE = 28;

  /** A real training image: its pixels are what the augmentations move. */
  private static byte[] image() {
    LabeledImages train = RealData.get().train();
    byte[] one = new byte[LabeledImages.PIXELS];
    System.arraycopy(train.pixelBytes(), 0, one, 0, one.length);
    return one;
  }

  private static int at(byte[] image, int row, int col) {
    return image[row * SIDE + col] & 0xFF;
  }

  @Test
  void aShiftMovesEveryPixelByTheDrawnAmountAndFillsBlack() {
    byte[] src = image();
    byte[] out = new byte[src.length];
    Augmentation.apply(new Augmentation.Draw(2, -3, false, 0, 0, 0), src, 0, out);
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        int sr = r + 3;
        int sc = c - 2;
        boolean inside = sr < SIDE && sc >= 0;
        assertEquals(inside ? at(src, sr, sc) : 0, at(out, r, c), "pixel " + r + "," + c);
      }
    }
  }

  @Test
  void aFlipMirrorsEachRow() {
    byte[] src = image();
    byte[] out = new byte[src.length];
    Augmentation.apply(new Augmentation.Draw(0, 0, true, 0, 0, 0), src, 0, out);
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        assertEquals(at(src, r, SIDE - 1 - c), at(out, r, c));
      }
    }
  }

  @Test
  void anEraseBlanksExactlyTheStatedSquare() {
    byte[] src = image();
    byte[] out = new byte[src.length];
    Augmentation.apply(new Augmentation.Draw(0, 0, false, 5, 9, 10), src, 0, out);
    int blanked = 0;
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        boolean inSquare = r >= 5 && r < 15 && c >= 9 && c < 19;
        assertEquals(inSquare ? 0 : at(src, r, c), at(out, r, c));
        blanked += inSquare && at(src, r, c) != 0 ? 1 : 0;
      }
    }
    assertTrue(blanked > 20, "the square covers part of the garment, " + blanked + " pixels");
  }

  @Test
  void drawsStayInRangeAndFollowTheSpec() {
    Augmentation aug = Augmentation.parse("shift:2,flip,erase:0.5:8");
    SplittableRandom random = Augmentation.random(7, 3);
    Set<Integer> dxs = new HashSet<>();
    int mirrored = 0;
    int erased = 0;
    int n = 4_000;
    for (int i = 0; i < n; i++) {
      Augmentation.Draw d = aug.draw(random);
      assertTrue(Math.abs(d.dx()) <= 2 && Math.abs(d.dy()) <= 2, d.toString());
      dxs.add(d.dx());
      mirrored += d.mirrored() ? 1 : 0;
      if (d.eraseSize() > 0) {
        erased++;
        assertEquals(8, d.eraseSize());
        assertTrue(d.eraseRow() >= 0 && d.eraseRow() <= 20 && d.eraseCol() >= 0 && d.eraseCol() <= 20);
      }
    }
    assertEquals(Set.of(-2, -1, 0, 1, 2), dxs);
    assertEquals(0.5, (double) mirrored / n, 0.04);
    assertEquals(0.5, (double) erased / n, 0.04);
  }

  @Test
  void theSameSeedAndStepDrawTheSameAndAnotherStepDrawsOtherwise() {
    Augmentation aug = Augmentation.parse("shift:2,flip,erase:0.5");
    assertEquals(draws(aug, 42, 10), draws(aug, 42, 10));
    assertNotEquals(draws(aug, 42, 10), draws(aug, 42, 11));
    assertNotEquals(draws(aug, 42, 10), draws(aug, 43, 10));
  }

  private static List<Augmentation.Draw> draws(Augmentation aug, long seed, long step) {
    SplittableRandom random = Augmentation.random(seed, step);
    List<Augmentation.Draw> out = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      out.add(aug.draw(random));
    }
    return out;
  }

  @Test
  void theTextFormRoundTripsAndBadTextIsRefused() {
    Augmentation aug = Augmentation.parse("shift:2, flip ,erase:0.5");
    assertEquals(new Augmentation(2, true, 0.5, 10), aug);
    assertEquals(aug, Augmentation.parse(aug.text()));
    assertEquals("shift:2,flip,erase:0.5:10", aug.text());
    assertTrue(Augmentation.parse("none").isNone());
    assertTrue(Augmentation.parse("").isNone());
    assertFalse(Augmentation.parse("flip").isNone());
    assertEquals("none", Augmentation.NONE.text());
    for (String bad : List.of("shift", "shift:x", "shift:28", "flip:1", "erase:1.5", "erase:0.5:0", "rotate:10")) {
      assertThrows(BadOptionException.class, () -> Augmentation.parse(bad), bad);
    }
  }

  @Test
  void noAugmentationCopiesTheImage() {
    byte[] src = image();
    byte[] out = new byte[src.length];
    Augmentation.apply(Augmentation.NONE.draw(new SplittableRandom(1)), src, 0, out);
    assertArrayEquals(src, out);
  }
}
