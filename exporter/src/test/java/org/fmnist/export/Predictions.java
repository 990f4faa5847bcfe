package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fmnist.data.LabeledImages;
import org.fmnist.model.Evaluator;
import org.fmnist.train.Checkpoints;
import org.fmnist.train.Device;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingGraph;

/** Class ids and softmax probabilities of a batch of images, from some runtime. */
record Predictions(long[] classIds, float[][] probabilities) {

  /** The trainer's own: the run's training graph restored from its final checkpoint. */
  static Predictions ofTrainer(Path runPath, LabeledImages images) {
    RunDirectory run = RunDirectory.open(runPath);
    TrainingConfig config = run.readConfig();
    try (TrainingGraph graph =
        new TrainingGraph(config.modelSpec(), config.seed(), Device.CPU.resolve(2))) {
      graph.restore(Checkpoints.variables(run.finalCheckpoint()));
      Evaluator.Predictions p = graph.evaluator().evaluate(images, true);
      long[] ids = new long[images.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = p.predicted()[i];
      }
      return new Predictions(ids, p.probabilities());
    }
  }

  /** The images as one float32 NHWC batch with pixels in [0, 1], as the signature takes them. */
  static float[] pixels(LabeledImages images) {
    float[] pixels = new float[images.size() * LabeledImages.PIXELS];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.imageAsFloats(i), 0, pixels, i * LabeledImages.PIXELS, LabeledImages.PIXELS);
    }
    return pixels;
  }

  double accuracy(LabeledImages images) {
    int correct = 0;
    for (int i = 0; i < classIds.length; i++) {
      correct += classIds[i] == images.label(i) ? 1 : 0;
    }
    return (double) correct / classIds.length;
  }

  /** Asserts identical class ids and probabilities within {@code tolerance}; returns the max gap. */
  double assertMatches(Predictions reference, double tolerance) {
    assertEquals(reference.classIds.length, classIds.length, "number of predictions");
    assertArrayEquals(reference.classIds, classIds, "class_id");
    double worst = 0;
    for (int i = 0; i < classIds.length; i++) {
      assertEquals(reference.probabilities[i].length, probabilities[i].length);
      for (int c = 0; c < probabilities[i].length; c++) {
        worst = Math.max(worst, Math.abs(reference.probabilities[i][c] - probabilities[i][c]));
      }
    }
    assertTrue(worst <= tolerance, "max |probability difference| " + worst + " > " + tolerance);
    return worst;
  }
}
