package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageClassifierTest {
  static final float TEMPERATURE = 0.2f;
  @TempDir static Path models;
  static ImageClassifier standard;
  static FashionTestImages images;

  @BeforeAll
  static void exportModels() {
    images = FashionTestImages.load();
    TestModels.exportStandard(models.resolve("fashion/1"), 0.05f);
    TestModels.exportStandard(models.resolve("fashion/2"), TEMPERATURE);
    standard = ImageClassifier.load(models.resolve("fashion"));
  }

  @AfterAll
  static void close() {
    standard.close();
  }

  @Test
  void loadsTheHighestVersionAndReadsItsClassNames() {
    assertEquals(OptionalLong.of(2), standard.version());
    assertEquals(models.resolve("fashion/2"), standard.folder());
    assertEquals(TestModels.CLASS_NAMES, standard.labels());
    assertEquals(28, standard.height());
    assertEquals(28, standard.width());
  }

  @Test
  void predictsRealTestImagesAsTheReferenceComputation() {
    float[][] batch = IntStream.range(0, 1000).mapToObj(images::floats).toArray(float[][]::new);
    List<Prediction> predictions = standard.predictBatch(batch);
    int correct = 0;
    for (int i = 0; i < batch.length; i++) {
      float[] expected = TestModels.referenceProbabilities(batch[i], TEMPERATURE);
      assertArrayEquals(expected, predictions.get(i).probabilities(), 1e-5f, "image " + i);
      assertEquals(argmax(expected), predictions.get(i).classId(), "image " + i);
      assertEquals(TestModels.CLASS_NAMES.get(argmax(expected)), predictions.get(i).label());
      correct += predictions.get(i).classId() == images.label(i) ? 1 : 0;
    }
    // a nearest-centroid classifier is far better than chance (10%) on Fashion-MNIST
    assertTrue(correct > 550, "accuracy " + correct / 1000.0);
  }

  @Test
  void oneImageAndBatchesAgree() {
    Prediction single = standard.predict(images.floats(7));
    Prediction inBatch = standard.predictBatch(new float[][] {images.floats(3), images.floats(7)}).get(1);
    assertArrayEquals(single.probabilities(), inBatch.probabilities(), 1e-5f);
    assertEquals(List.of(), standard.predictBatch(new float[0][]));
  }

  @Test
  void readsNamesAndShapesFromTheSignatureInsteadOfAssumingThem(@TempDir Path dir) {
    TestModels.exportRenamed(dir.resolve("3"), TEMPERATURE);
    try (ImageClassifier renamed = ImageClassifier.load(dir.resolve("3"))) {
      assertEquals(IntStream.range(0, 10).mapToObj(i -> "class " + i).toList(), renamed.labels());
      for (int i = 0; i < 50; i++) {
        // "scores" (the softmax) is chosen over "logits", both float [-1, 10]
        assertArrayEquals(standard.predict(images.floats(i)).probabilities(), renamed.predict(images.floats(i)).probabilities(), 1e-5f);
      }
    }
  }

  @Test
  void manyThreadsCanPredictWithOneModelAtOnce() throws Exception {
    int images = 60;
    float[][] expected = new float[images][];
    for (int i = 0; i < images; i++) {
      expected[i] = standard.predict(ImageClassifierTest.images.floats(i)).probabilities();
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      results.add(
          threads.submit(
              () -> {
                int checked = 0;
                for (int r = 0; r < 300; r++) {
                  int i = (thread * 31 + r) % images;
                  float[] answer =
                      switch (r % 3) {
                        case 0 -> standard.predict(ImageClassifierTest.images.floats(i)).probabilities();
                        case 1 -> standard.predict(ImageClassifierTest.images.image(i), Inversion.NEVER).probabilities();
                        default -> standard.predictBatch(new float[][] {ImageClassifierTest.images.floats(i)}).get(0).probabilities();
                      };
                  assertArrayEquals(expected[i], answer, 1e-6f, "image " + i);
                  checked++;
                }
                return checked;
              }));
    }
    int total = 0;
    for (var result : results) {
      total += result.get();
    }
    threads.shutdown();
    assertEquals(8 * 300, total);
  }

  @Test
  void topKListsTheMostProbableClassesFirst() {
    Prediction p = standard.predict(images.floats(0));
    List<ClassScore> top = p.topK(3);
    assertEquals(3, top.size());
    assertEquals(p.classId(), top.get(0).classId());
    assertEquals(p.label(), top.get(0).label());
    assertTrue(top.get(0).probability() >= top.get(1).probability());
    assertTrue(top.get(1).probability() >= top.get(2).probability());
    assertEquals(10, p.topK(99).size());
    assertThrows(IllegalArgumentException.class, () -> p.topK(0));
  }

  @Test
  void pngFilesOfTestImagesGiveExactlyTheDatasetPixels(@TempDir Path dir) {
    for (int i = 0; i < 30; i++) {
      Path png = images.write(i, dir, "png");
      Prediction fromFile = standard.predict(png);
      assertArrayEquals(standard.predict(images.floats(i)).probabilities(), fromFile.probabilities(), 0f, "image " + i);
      assertArrayEquals(fromFile.probabilities(), standard.predict(png, Inversion.NEVER).probabilities(), 0f);
    }
  }

  @Test
  void jpegFilesOfTestImagesMostlyKeepTheirPrediction(@TempDir Path dir) {
    int same = 0;
    for (int i = 0; i < 100; i++) {
      same += standard.predict(images.write(i, dir, "jpg")).classId() == standard.predict(images.floats(i)).classId() ? 1 : 0;
    }
    assertTrue(same >= 90, same + " of 100 JPEG predictions unchanged");
  }

  @Test
  void aPhotoOnWhiteIsGreyedFittedKeepingItsAspectAndInverted() {
    int index = 11;
    int[] raw = images.raw(index);
    // the item drawn dark on white, 4x larger, in colour, on a canvas twice as tall as wide
    BufferedImage photo = new BufferedImage(112, 224, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 112; x++) {
        int v = y < 56 || y >= 168 ? 255 : 255 - raw[((y - 56) / 4) * 28 + x / 4];
        photo.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    float[] pixels = standard.pixels(photo, Inversion.AUTO);
    // 224 -> 28 is a factor of 8: the item becomes 14 x 14 (2 x 2 averages), centred at rows and columns 7..20
    float[] expected = new float[28 * 28];
    for (int y = 0; y < 14; y++) {
      for (int x = 0; x < 14; x++) {
        int p = 2 * y * 28 + 2 * x;
        expected[(y + 7) * 28 + x + 7] = (raw[p] + raw[p + 1] + raw[p + 28] + raw[p + 29]) / (4 * 255f);
      }
    }
    assertArrayEquals(expected, pixels, 1e-5f);
    float[] kept = standard.pixels(photo, Inversion.NEVER);
    assertEquals(1f, kept[0], 1e-6f);
    assertEquals(1f - expected[14 * 28 + 14], kept[14 * 28 + 14], 1e-5f);
  }

  @Test
  void transparentPixelsCountAsWhite() {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(14, 14, 0xFF000000);
    float[] pixels = standard.pixels(image, Inversion.AUTO);
    assertEquals(1f, pixels[14 * 28 + 14], 1e-6f);
    assertEquals(0f, pixels[0], 1e-6f);
  }

  @Test
  void badImageFilesGetOneClearLineNamingTheFile(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.png"));
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image at all");
    byte[] png = Files.readAllBytes(images.write(0, dir, "png"));
    Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
    assertMessage(IllegalArgumentException.class, empty, "empty.png: empty file");
    assertMessage(IllegalArgumentException.class, text, "notes.png: not an image (PNG or JPEG expected)");
    assertMessage(IllegalArgumentException.class, truncated, "truncated.png: corrupt or truncated image");
    assertMessage(UncheckedIOException.class, dir.resolve("missing.png"), "missing.png: no such file");
    assertMessage(IllegalArgumentException.class, dir, "is a folder, not an image");
  }

  @Test
  void badPixelArraysAreRefused() {
    Exception e = assertThrows(IllegalArgumentException.class, () -> standard.predict(new float[10]));
    assertEquals("image 0 has 10 values, the model takes 784", e.getMessage());
    float[] bytes = images.floats(0);
    bytes[5] = 255f;
    e = assertThrows(IllegalArgumentException.class, () -> standard.predict(bytes));
    assertEquals("image 0 has value 255.0 at 5: pixels must be in [0, 1]", e.getMessage());
    bytes[5] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> standard.predict(bytes));
  }

  @Test
  void foldersThatAreNotModelsGetClearErrors(@TempDir Path dir) throws Exception {
    Exception e = assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(dir.resolve("nope")));
    assertTrue(e.getMessage().endsWith("nope: no such model folder"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(dir));
    assertTrue(e.getMessage().contains("neither a SavedModel"), e.getMessage());
    Path corrupt = Files.createDirectories(dir.resolve("corrupt/1"));
    Files.writeString(corrupt.resolve("saved_model.pb"), "garbage");
    e = assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(dir.resolve("corrupt")));
    assertTrue(e.getMessage().startsWith("cannot load SavedModel " + corrupt), e.getMessage());
    assertEquals(1, e.getMessage().split("cannot load", -1).length - 1, e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void aProvenanceFileDisagreeingWithTheModelIsAnError(@TempDir Path dir) throws Exception {
    Path version = TestModels.exportStandard(dir.resolve("1"), TEMPERATURE);
    Files.writeString(version.resolve("fmnist.json"), "{\"class_names\": [\"a\", \"b\"]}");
    Exception e = assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(version));
    assertTrue(e.getMessage().endsWith("fmnist.json names 2 classes but the model outputs 10"), e.getMessage());
    Files.writeString(version.resolve("fmnist.json"), "{\"class_names\": [");
    e = assertThrows(UncheckedIOException.class, () -> ImageClassifier.load(version));
    assertTrue(e.getMessage().startsWith("cannot read " + version.resolve("fmnist.json")), e.getMessage());
  }

  private static void assertMessage(Class<? extends Exception> type, Path file, String expected) {
    Exception e = assertThrows(type, () -> standard.predict(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
