package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.fmnist.data.LabeledImages;
import org.junit.jupiter.api.Test;

class PixelStatisticsTest {

  @Test
  void handMadeImagesGiveTheirKnownStatistics() {
    int n = LabeledImages.PIXELS;
    byte[] pixels = new byte[3 * n];
    pixels[0] = (byte) 255; // image 0 (class 4): one white pixel at position 0, the rest 0
    Arrays.fill(pixels, n, 2 * n, (byte) 10); // image 1 (class 4): all 10
    Arrays.fill(pixels, 2 * n, 3 * n, (byte) 200); // image 2 (class 9): all 200
    pixels[2 * n + 5] = 0; // ...except position 5
    LabeledImages images = new LabeledImages(pixels, new byte[] {4, 4, 9});

    PixelStatistics[] stats = PixelStatistics.of(images);

    PixelStatistics coats = stats[1 + 4];
    assertEquals(2, coats.images());
    assertEquals(0, coats.min());
    assertEquals(255, coats.max());
    double mean = (255 + 10.0 * n) / (2 * n);
    assertEquals(mean, coats.mean(), 1e-12);
    double variance =
        ((255 - mean) * (255 - mean) + (n - 1) * mean * mean + n * (10 - mean) * (10 - mean))
            / (2 * n);
    assertEquals(Math.sqrt(variance), coats.sd(), 1e-9);
    assertEquals((n - 1.0) / (2 * n), coats.backgroundShare(), 1e-12);
    assertEquals(0, coats.alwaysBackgroundPositions(), "image 1 has no zero pixel");

    PixelStatistics boots = stats[1 + 9];
    assertEquals(1, boots.alwaysBackgroundPositions());
    assertEquals(1.0 / n, boots.backgroundShare(), 1e-12);
    assertEquals(0, boots.min());
    assertEquals(200, boots.max());

    PixelStatistics all = stats[0];
    assertEquals(3, all.images());
    assertEquals((255 + 10.0 * n + 200.0 * (n - 1)) / (3 * n), all.mean(), 1e-12);
    assertEquals(0, all.alwaysBackgroundPositions());

    PixelStatistics empty = stats[1 + 0];
    assertEquals(0, empty.images());
    assertEquals(Double.NaN, empty.mean());
  }
}
