package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fmnist.data.ClassNames;
import org.fmnist.data.FashionMnist;
import org.fmnist.data.LabeledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdaReportTest {
  @TempDir Path out;

  @Test
  void writesTablesPicturesAndReport() throws IOException {
    FashionMnist data = Fixtures.small();

    EdaReport.Result result = EdaReport.write(data, out);

    for (String name :
        List.of(
            EdaReport.HTML, EdaReport.TABLES, EdaReport.COUNTS_CSV, EdaReport.PIXELS_CSV,
            EdaReport.SAMPLES, EdaReport.DISTRIBUTION, EdaReport.MEAN_IMAGES)) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name + " missing");
      assertTrue(result.files().contains(out.resolve(name)), name + " not reported");
    }
    BufferedImage chart = Fixtures.decodePng(out.resolve(EdaReport.DISTRIBUTION));
    assertEquals(Charts.WIDTH, chart.getWidth());
    assertEquals(Charts.HEIGHT, chart.getHeight());
    // 10 columns (one per class) x 3 rows of 84-pixel tiles, captions, title and margins
    BufferedImage samples = Fixtures.decodePng(out.resolve(EdaReport.SAMPLES));
    assertTrue(samples.getWidth() >= 10 * 84 + 9 * 10 && samples.getWidth() < 1300, "width " + samples.getWidth());
    assertTrue(samples.getHeight() >= 3 * 84 + 2 * 10 && samples.getHeight() < 600, "height " + samples.getHeight());
    BufferedImage means = Fixtures.decodePng(out.resolve(EdaReport.MEAN_IMAGES));
    assertTrue(means.getWidth() >= 5 * 84 + 4 * 10 && means.getHeight() >= 2 * 84 + 10);

    String html = Files.readString(out.resolve(EdaReport.HTML));
    assertEquals(3, html.split("src=\"data:image/png;base64,").length - 1, "three embedded pictures");
    assertTrue(html.contains(Integer.toString(data.train().size())));
  }

  @Test
  void countsAndPixelStatisticsHoldTheDataNumbers() throws IOException {
    FashionMnist data = Fixtures.small();

    EdaReport.write(data, out);

    List<String> counts = Files.readAllLines(out.resolve(EdaReport.COUNTS_CSV));
    assertEquals("class,train,test,total", counts.get(0));
    for (int c = 0; c < ClassNames.COUNT; c++) {
      int train = count(data.train(), c);
      int test = count(data.test(), c);
      assertEquals(
          c + " " + ClassNames.of(c) + "," + train + "," + test + "," + (train + test),
          counts.get(1 + c));
    }
    assertEquals("all,600,300,900", counts.get(11));

    List<String> pixels = Files.readAllLines(out.resolve(EdaReport.PIXELS_CSV));
    String[] trainAll = pixels.get(1).split(",");
    assertEquals("train", trainAll[0]);
    assertEquals("all", trainAll[1]);
    byte[] raw = data.train().pixelBytes();
    double mean = 0;
    for (byte b : raw) {
      mean += b & 0xFF;
    }
    mean /= raw.length;
    double squares = 0;
    long zeros = 0;
    for (byte b : raw) {
      squares += ((b & 0xFF) - mean) * ((b & 0xFF) - mean);
      zeros += b == 0 ? 1 : 0;
    }
    assertEquals(String.format(Locale.ROOT, "%.2f", mean), trainAll[5]);
    assertEquals(String.format(Locale.ROOT, "%.2f", Math.sqrt(squares / raw.length)), trainAll[6]);
    assertEquals(String.format(Locale.ROOT, "%.2f %%", 100.0 * zeros / raw.length), trainAll[7]);
    assertEquals(1 + 2 * (ClassNames.COUNT + 1), pixels.size(), "header + train and test, all + 10 classes");
  }

  @Test
  void theSamePicturesComeOutByteForByte(@TempDir Path again) throws IOException {
    FashionMnist data = Fixtures.small();
    EdaReport.write(data, out);
    EdaReport.write(data, again);
    for (String name : List.of(EdaReport.SAMPLES, EdaReport.DISTRIBUTION, EdaReport.MEAN_IMAGES, EdaReport.HTML)) {
      assertArrayEquals(Files.readAllBytes(out.resolve(name)), Files.readAllBytes(again.resolve(name)), name);
    }
  }

  private static int count(LabeledImages images, int label) {
    int n = 0;
    for (int i = 0; i < images.size(); i++) {
      n += images.label(i) == label ? 1 : 0;
    }
    return n;
  }
}
