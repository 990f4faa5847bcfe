package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.train.Augmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentedSamplesTest {
  @TempDir Path out;

  @Test
  void edaDrawsTheAugmentationGridOnlyWhenAskedAndTheSameEveryTime(@TempDir Path again) throws IOException {
    FashionMnist data = Fixtures.small();
    Augmentation aug = Augmentation.parse("shift:2,flip,erase:0.5");
    EdaReport.Result result = EdaReport.write(data, aug, out);
    Path grid = out.resolve(AugmentedSamples.FILE);
    assertTrue(result.files().contains(grid));
    // 10 columns, the original row and 4 augmented rows of 84-pixel tiles
    BufferedImage image = Fixtures.decodePng(grid);
    assertTrue(image.getWidth() >= 10 * 84 + 9 * 10, "width " + image.getWidth());
    assertTrue(image.getHeight() >= 5 * 84 + 4 * 10, "height " + image.getHeight());
    String html = Files.readString(out.resolve(EdaReport.HTML));
    assertEquals(4, html.split("src=\"data:image/png;base64,").length - 1, "four embedded pictures");
    assertTrue(html.contains("shift:2,flip,erase:0.5:10"));

    EdaReport.write(data, aug, again);
    assertArrayEquals(Files.readAllBytes(grid), Files.readAllBytes(again.resolve(AugmentedSamples.FILE)));

    Path plain = out.resolve("plain");
    EdaReport.write(data, Augmentation.NONE, plain);
    assertFalse(Files.exists(plain.resolve(AugmentedSamples.FILE)));
  }

  @Test
  void captionsNameTheDraw() {
    assertEquals(List.of("shift +1,-2", "flip, erase"), AugmentedSamples.caption(new Augmentation.Draw(1, -2, true, 3, 4, 10)));
    assertEquals(List.of("shift +0,+0", "-"), AugmentedSamples.caption(new Augmentation.Draw(0, 0, false, 0, 0, 0)));
  }
}
