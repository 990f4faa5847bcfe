package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColourMapTest {

  @Test
  void viridisHitsMatplotlibsAnchors() {
    assertEquals(0x440154, ColourMap.VIRIDIS.rgb(0.0));
    assertEquals(0x21918c, ColourMap.VIRIDIS.rgb(0.5));
    assertEquals(0xfde725, ColourMap.VIRIDIS.rgb(1.0));
    assertEquals(0x440154, ColourMap.VIRIDIS.rgb(-3), "clamped below");
    assertEquals(0xfde725, ColourMap.VIRIDIS.rgb(7), "clamped above");
  }

  @Test
  void lightnessRisesStrictlyAlongEveryMap() {
    for (ColourMap map : ColourMap.values()) {
      double previous = -1;
      for (int i = 0; i <= 200; i++) {
        double lightness = cieLightness(map.rgb(i / 200.0));
        assertTrue(lightness > previous, map + " is not perceptually ordered at " + i / 200.0);
        previous = lightness;
      }
    }
  }

  @Test
  void valuesAreMappedOnTheirRange() {
    assertEquals(ColourMap.VIRIDIS.rgb(0.25), ColourMap.VIRIDIS.rgb(-5, -10, 10));
    assertEquals(ColourMap.GREY.rgb(0.0), ColourMap.GREY.rgb(3, 3, 3), "an empty range maps to the low end");
  }

  @Test
  void textIsWhiteOnDarkAndBlackOnLightCells() {
    assertEquals(Color.WHITE, ColourMap.textOn(ColourMap.VIRIDIS.rgb(0.0)));
    assertEquals(Color.BLACK, ColourMap.textOn(ColourMap.VIRIDIS.rgb(1.0)));
  }

  /** CIE L* from sRGB, computed here from the standard formulas. */
  private static double cieLightness(int rgb) {
    double y = 0;
    double[] weights = {0.2126, 0.7152, 0.0722};
    for (int c = 0; c < 3; c++) {
      double v = ((rgb >> (16 - 8 * c)) & 0xFF) / 255.0;
      double linear = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
      y += weights[c] * linear;
    }
    return y > 216.0 / 24389 ? 116 * Math.cbrt(y) - 16 : y * 24389.0 / 27;
  }
}
