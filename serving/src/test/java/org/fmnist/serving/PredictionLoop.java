package org.fmnist.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@code count} one-image predictions in a loop and prints the resident memory (VmRSS) every
 * {@code every} predictions, as "predictions rssKiB". Run in its own JVM by {@link
 * MemoryStabilityTest}, with a small heap so the garbage collector, not heap growth, sets the pace.
 */
public final class PredictionLoop {
  private PredictionLoop() {}

  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int every = Integer.parseInt(args[2]);
    FashionTestImages images = FashionTestImages.load();
    float[][] inputs = new float[100][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = images.floats(i);
    }
    try (ImageClassifier classifier = ImageClassifier.load(model)) {
      for (int n = 1; n <= count; n++) {
        classifier.predict(inputs[n % inputs.length]);
        if (n % every == 0) {
          System.out.println(n + " " + residentKiB());
        }
      }
    }
  }

  static long residentKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
