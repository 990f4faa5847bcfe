package org.fmnist.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fmnist.data.ClassNames;
import org.fmnist.data.FashionMnist;
import org.fmnist.data.LabeledImages;
import org.fmnist.io.AtomicFiles;
import org.fmnist.train.Augmentation;
import org.knowm.xchart.CategoryChart;

/**
 * {@code fmnist eda}: counts per class and split, pixel statistics, a grid of samples, the class
 * distribution and the mean image of each class, as CSV, Markdown, PNG and one {@code report.html}.
 */
public final class EdaReport {
  public static final String HTML = "report.html";
  public static final String TABLES = "eda.md";
  public static final String COUNTS_CSV = "class_counts.csv";
  public static final String PIXELS_CSV = "pixel_statistics.csv";
  public static final String SAMPLES = "samples.png";
  public static final String DISTRIBUTION = "class_distribution.png";
  public static final String MEAN_IMAGES = "mean_images.png";
  static final int SAMPLES_PER_CLASS = 3;
  private static final int TILE = 84;

  /** The tables and the files written. */
  public record Result(Table counts, Table pixels, List<Path> files) {}

  private EdaReport() {}

  public static Result write(FashionMnist data, Path out) {
    return write(data, Augmentation.NONE, out);
  }

  /** Also draws {@code augmentation} on samples of each class, unless it is none. */
  public static Result write(FashionMnist data, Augmentation augmentation, Path out) {
    Table counts = counts(data);
    Table pixels = pixels(data);
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.of(SAMPLES, "Three training images of each class", samples(data.train())));
    if (!augmentation.isNone()) {
      figures.add(AugmentedSamples.figure(data.train(), augmentation, 1, "training"));
    }
    figures.add(Figure.of(DISTRIBUTION, "Images per class and split", distribution(data)));
    figures.add(Figure.of(MEAN_IMAGES, "Mean training image of each class", meanImages(data.train())));

    List<Path> files = new ArrayList<>();
    files.add(write(out.resolve(COUNTS_CSV), counts.toCsv()));
    files.add(write(out.resolve(PIXELS_CSV), pixels.toCsv()));
    files.add(
        write(
            out.resolve(TABLES),
            "## Images per class\n\n" + counts.toMarkdown() + "\n## Pixel statistics\n\n"
                + pixels.toMarkdown()));
    files.addAll(Figure.writeAll(figures, out));
    HtmlReport html = new HtmlReport("Fashion-MNIST: exploratory data analysis");
    html.paragraph("Data read from " + data.source().toAbsolutePath() + ".");
    html.heading("Images per class").table(counts);
    html.heading("Pixel statistics")
        .paragraph(
            "Pixel values are 8-bit grey levels, 0 (background, black) to 255 (white). Mean and"
                + " standard deviation are taken over all pixels of the group; 'background' is the"
                + " share of pixels equal to 0; 'always-background positions' counts the 784"
                + " positions that are 0 in every image of the group.")
        .table(pixels);
    html.heading("Pictures");
    figures.forEach(html::figure);
    Path report = out.resolve(HTML);
    html.write(report);
    files.add(report);
    return new Result(counts, pixels, files);
  }

  private static Path write(Path file, String text) {
    AtomicFiles.writeString(file, text);
    return file;
  }

  static Table counts(FashionMnist data) {
    int[] train = data.train().classCounts();
    int[] test = data.test().classCounts();
    List<List<String>> rows = new ArrayList<>();
    for (int c = 0; c < ClassNames.COUNT; c++) {
      rows.add(row(c + " " + ClassNames.of(c), train[c], test[c]));
    }
    rows.add(row("all", data.train().size(), data.test().size()));
    return new Table(List.of("class", "train", "test", "total"), rows);
  }

  private static List<String> row(String name, int train, int test) {
    return List.of(name, Integer.toString(train), Integer.toString(test), Integer.toString(train + test));
  }

  static Table pixels(FashionMnist data) {
    List<List<String>> rows = new ArrayList<>();
    addPixelRows(rows, "train", PixelStatistics.of(data.train()));
    addPixelRows(rows, "test", PixelStatistics.of(data.test()));
    return new Table(
        List.of(
            "split", "class", "images", "min", "max", "mean", "sd", "background",
            "always-background positions"),
        rows);
  }

  private static void addPixelRows(List<List<String>> rows, String split, PixelStatistics[] stats) {
    for (int g = 0; g < stats.length; g++) {
      PixelStatistics s = stats[g];
      rows.add(
          List.of(
              split,
              g == 0 ? "all" : (g - 1) + " " + ClassNames.of(g - 1),
              Integer.toString(s.images()),
              Integer.toString(s.min()),
              Integer.toString(s.max()),
              Numbers.fixed(s.mean(), 2),
              Numbers.fixed(s.sd(), 2),
              Numbers.percent(s.backgroundShare(), 2),
              Integer.toString(s.alwaysBackgroundPositions())));
    }
  }

  /** The first {@value #SAMPLES_PER_CLASS} training images of each class: one column per class. */
  static BufferedImage samples(LabeledImages train) {
    int[][] picked = new int[SAMPLES_PER_CLASS][ClassNames.COUNT];
    for (int[] row : picked) {
      Arrays.fill(row, -1);
    }
    int[] found = new int[ClassNames.COUNT];
    for (int i = 0; i < train.size(); i++) {
      int c = train.label(i);
      if (found[c] < SAMPLES_PER_CLASS) {
        picked[found[c]++][c] = i;
      }
    }
    List<TileGrid.Tile> tiles = new ArrayList<>();
    for (int[] row : picked) {
      for (int c = 0; c < ClassNames.COUNT; c++) {
        tiles.add(
            row[c] < 0
                ? new TileGrid.Tile(Canvas.blank(1, 1), List.of("(none)"))
                : new TileGrid.Tile(TensorImage.grey(train, row[c]), List.of(ClassNames.of(c))));
      }
    }
    return new TileGrid(
            "Samples: the first " + SAMPLES_PER_CLASS + " training images of each class",
            List.of("Grey levels as stored: 0 black (background) to 255 white."),
            ClassNames.COUNT,
            TILE,
            null)
        .render(tiles);
  }

  static BufferedImage distribution(FashionMnist data) {
    CategoryChart chart = Charts.bars("Images per class and split", "class", "number of images");
    chart.getStyler().setXAxisLabelRotation(40);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.addSeries("train", ClassNames.ALL, boxed(data.train().classCounts()));
    chart.addSeries("test", ClassNames.ALL, boxed(data.test().classCounts()));
    return Charts.image(chart);
  }

  private static List<Integer> boxed(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  static BufferedImage meanImages(LabeledImages train) {
    double[][] sums = new double[ClassNames.COUNT][LabeledImages.PIXELS];
    int[] counts = train.classCounts();
    for (int i = 0; i < train.size(); i++) {
      double[] sum = sums[train.label(i)];
      for (int p = 0; p < LabeledImages.PIXELS; p++) {
        sum[p] += train.pixel(i, p);
      }
    }
    List<TileGrid.Tile> tiles = new ArrayList<>();
    for (int c = 0; c < ClassNames.COUNT; c++) {
      float[] mean = new float[LabeledImages.PIXELS];
      for (int p = 0; p < mean.length; p++) {
        mean[p] = counts[c] == 0 ? 0 : (float) (sums[c][p] / counts[c]);
      }
      tiles.add(
          new TileGrid.Tile(
              TensorImage.of(mean, LabeledImages.COLS, LabeledImages.ROWS, ColourMap.GREY, 0, 255),
              List.of(ClassNames.of(c), Numbers.grouped(counts[c]) + " images")));
    }
    return new TileGrid(
            "Mean training image of each class",
            List.of("Pixel-wise mean of all training images of the class."),
            5,
            TILE,
            new TileGrid.Scale(ColourMap.GREY, 0, 255, "mean grey level"))
        .render(tiles);
  }
}
