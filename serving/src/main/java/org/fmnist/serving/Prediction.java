package org.fmnist.serving;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** A model's answer for one image: the most probable class and every class's probability. */
public final class Prediction {
  private final float[] probabilities;
  private final List<String> labels;
  private final int classId;

  Prediction(float[] probabilities, List<String> labels) {
    this.probabilities = probabilities;
    this.labels = labels;
    int best = 0;
    for (int c = 1; c < probabilities.length; c++) {
      if (probabilities[c] > probabilities[best]) {
        best = c;
      }
    }
    this.classId = best;
  }

  public int classId() {
    return classId;
  }

  public String label() {
    return labels.get(classId);
  }

  /** The probability of the predicted class. */
  public float confidence() {
    return probabilities[classId];
  }

  /** The probability of every class, by class id (a copy). */
  public float[] probabilities() {
    return probabilities.clone();
  }

  /** The {@code k} most probable classes, most probable first (ties by class id). */
  public List<ClassScore> topK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("top-k must be at least 1, got " + k);
    }
    return IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[c]).thenComparingInt(c -> c))
        .limit(k)
        .map(c -> new ClassScore(c, labels.get(c), probabilities[c]))
        .toList();
  }

  @Override
  public String toString() {
    return label() + " (" + confidence() + ")";
  }
}
