package org.fmnist.serving;

/**
 * How a classifier's score output becomes probabilities: as they are, when it is a probability
 * distribution (computed by a Softmax or Sigmoid, values in [0, 1], each row summing to 1 within
 * 1e-3 on the first call), else as logits, through a softmax.
 */
enum ScoreReading {
  PROBABILITIES,
  LOGITS;

  static final double SUM_TOLERANCE = 1e-3;

  /** Decides from the op computing the output and the rows of a first run ({@code rows} × classes values). */
  static ScoreReading of(ClassifierSignature signature, float[] firstRows) {
    if (!ClassifierSignature.PROBABILITY_OPS.contains(signature.outputOperation())) {
      return LOGITS;
    }
    int classes = signature.classCount();
    for (int row = 0; row < firstRows.length / classes; row++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        float p = firstRows[row * classes + c];
        if (!(p >= 0f && p <= 1f)) {
          return LOGITS;
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        return LOGITS;
      }
    }
    return PROBABILITIES;
  }

  /** One row of scores as probabilities (a new array for logits, the row itself otherwise). */
  float[] probabilities(float[] scores) {
    if (this == PROBABILITIES) {
      return scores;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float s : scores) {
      max = Math.max(max, s);
    }
    double[] exp = new double[scores.length];
    double sum = 0;
    for (int c = 0; c < scores.length; c++) {
      exp[c] = Math.exp(scores[c] - max);
      sum += exp[c];
    }
    float[] probabilities = new float[scores.length];
    for (int c = 0; c < scores.length; c++) {
      probabilities[c] = (float) (exp[c] / sum);
    }
    return probabilities;
  }

  String description(ClassifierSignature signature) {
    return this == PROBABILITIES ? "probabilities: " + signature.outputOperation() : "logits: softmax applied";
  }
}
