package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that excludes TensorFlow's native jar ({@code tensorflow-core-native} with the platform
 * classifier, 149 MB) still runs the ONNX Runtime backend: a child JVM with the test classpath minus
 * that jar predicts real test images as TensorFlow does in this JVM, and cannot load TensorFlow.
 */
class OnnxWithoutTensorFlowTest {
  static final int IMAGES = 200;

  @Test
  void theOnnxBackendNeedsNoTensorFlowNativeLibrary(@TempDir Path dir) throws Exception {
    Path version = TestModels.exportStandard(dir.resolve("fashion/1"), 0.2f);
    CentroidOnnx.write(version.resolve(OnnxSession.ONNX_FILE), 0.2f);

    List<String> classpath = Arrays.asList(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator));
    List<String> withoutNative = classpath.stream().filter(entry -> !isTensorFlowNativeJar(entry)).toList();
    assertEquals(classpath.size() - 1, withoutNative.size(), "the test classpath holds TensorFlow's native jar once: " + classpath);

    Path out = dir.resolve("out.txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(File.pathSeparator, withoutNative),
                OnnxOnlyApp.class.getName(),
                version.toString(),
                Integer.toString(IMAGES))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), String.join("\n", lines));

    List<String> predictions = lines.stream().filter(line -> Character.isDigit(line.charAt(0))).toList();
    assertEquals(IMAGES, predictions.size(), String.join("\n", lines));
    FashionTestImages images = FashionTestImages.load();
    float[][] batch = new float[IMAGES][];
    for (int i = 0; i < IMAGES; i++) {
      batch[i] = images.floats(i);
    }
    try (ImageClassifier tensorflow = ImageClassifier.load(version, ClassifierOptions.defaults().withNotices(notice -> {}))) {
      List<Prediction> expectedBatch = tensorflow.predictBatch(batch);
      for (int i = 0; i < IMAGES; i++) {
        String[] fields = predictions.get(i).split(" ");
        Prediction expected = expectedBatch.get(i);
        assertEquals(expected.classId(), Integer.parseInt(fields[0]), "image " + i);
        float[] probabilities = new float[fields.length - 1];
        for (int c = 0; c < probabilities.length; c++) {
          probabilities[c] = Float.parseFloat(fields[c + 1]);
        }
        assertArrayEquals(expected.probabilities(), probabilities, 1e-5f, "image " + i);
      }
    }
    String tensorflowLine = lines.stream().filter(line -> line.startsWith("tensorflow: ")).collect(Collectors.joining());
    assertNotEquals("tensorflow: loaded", tensorflowLine, "TensorFlow loaded without its native jar: the test proves nothing");
    assertTrue(tensorflowLine.matches("tensorflow: java\\.lang\\.(UnsatisfiedLinkError|NoClassDefFoundError|ExceptionInInitializerError)"), tensorflowLine);
  }

  private static boolean isTensorFlowNativeJar(String entry) {
    String name = Path.of(entry).getFileName().toString();
    return name.startsWith("tensorflow-core-native-") && name.endsWith(".jar") && !name.equals("tensorflow-core-native-1.0.0.jar");
  }
}
