package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fmnist.data.LabeledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported SavedModel, loaded by TF Java in another JVM (nothing shared with the training
 * graph), predicts what the trainer predicts on real test images.
 */
class SavedModelInSeparateJvmTest {
  @TempDir Path dir;

  @Test
  void separateJvmPredictsWhatTheTrainerPredicts() throws Exception {
    Path run = TrainedRuns.preset("cnn-bn", 3);
    Path folder =
        new ModelExporter()
            .export(new ExportRequest(run, dir.resolve("saved_models"), null, OptionalLong.empty(), Set.of(ExportFormat.values())))
            .folder();
    LabeledImages images = TrainedRuns.testImages();
    int n = images.size();
    Path imagesFile = dir.resolve("images.f32");
    ByteBuffer bytes = ByteBuffer.allocate(n * LabeledImages.PIXELS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(Predictions.pixels(images));
    Files.write(imagesFile, bytes.array());

    Path output = dir.resolve("predictions.bin");
    Path log = dir.resolve("child.log");
    Process child =
        ChildJvm.start(SavedModelClient.class, log, folder.toString(), imagesFile.toString(), Integer.toString(n), output.toString());
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
    List<String> printed = Files.readAllLines(log);
    assertEquals(0, child.exitValue(), String.join("\n", printed));
    assertTrue(printed.contains("method tensorflow/serving/predict"), printed.toString());
    assertTrue(printed.contains("input image DT_FLOAT [-1, 28, 28, 1]"), printed.toString());
    assertTrue(printed.contains("output probabilities DT_FLOAT [-1, 10]"), printed.toString());
    assertTrue(printed.contains("output class_id DT_INT64 [-1]"), printed.toString());

    long[] classIds = new long[n];
    float[][] probabilities = new float[n][10];
    try (InputStream file = Files.newInputStream(output);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file))) {
      for (int i = 0; i < n; i++) {
        classIds[i] = in.readLong();
        for (int c = 0; c < 10; c++) {
          probabilities[i][c] = in.readFloat();
        }
      }
      assertEquals(-1, in.read(), "exactly " + n + " predictions");
    }
    Predictions trainer = Predictions.ofTrainer(run, images);
    double gap = new Predictions(classIds, probabilities).assertMatches(trainer, 1e-6);
    System.err.printf("separate JVM: max |p_savedmodel - p_trainer| = %.2e over %d images%n", gap, n);
  }
}
