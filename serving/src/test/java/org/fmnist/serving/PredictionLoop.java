package org.fmnist.serving;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.fmnist.serving.batching.BatchStatistics;
import org.fmnist.serving.batching.BatchingBackend;
import org.fmnist.serving.batching.BatchingParameters;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@code count} one-image predictions in a loop and prints the resident memory (VmRSS) every
 * {@code every} predictions, as "predictions rssKiB". Run in its own JVM by {@link
 * MemoryStabilityTest}, with a small heap so the garbage collector, not heap growth, sets the pace.
 */
public final class PredictionLoop {
  private PredictionLoop() {}

  /** Arguments: model folder, predictions, report every; then "batched" to send them from 4 threads through a batch scheduler. */
  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int every = Integer.parseInt(args[2]);
    boolean batched = args.length > 3 && args[3].equals("batched");
    FashionTestImages images = FashionTestImages.load();
    float[][] inputs = new float[100][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = images.floats(i);
    }
    try (ImageClassifier classifier = ImageClassifier.load(model)) {
      if (batched) {
        batched(classifier, inputs, count, every);
        return;
      }
      for (int n = 1; n <= count; n++) {
        classifier.predict(inputs[n % inputs.length]);
        if (n % every == 0) {
          System.out.println(n + " " + residentKiB());
        }
      }
    }
  }

  /** Single-image requests from 4 threads, merged by a batch scheduler into runs of up to 16. */
  private static void batched(ImageClassifier classifier, float[][] inputs, int count, int every) throws Exception {
    AtomicInteger done = new AtomicInteger();
    try (BatchingBackend batching =
        new BatchingBackend(classifier.backend(), new BatchingParameters(16, 500, 100, 1, List.of()), BatchStatistics.NONE)) {
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        running.add(
            clients.submit(
                () -> {
                  for (int n = done.incrementAndGet(); n <= count; n = done.incrementAndGet()) {
                    HostTensor image = HostTensor.ofFloats(new long[] {1, 28, 28, 1}, inputs[n % inputs.length]);
                    batching.run("serving_default", Map.of("image", image));
                    if (n % every == 0) {
                      System.out.println(n + " " + residentKiB());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get();
      }
      clients.shutdown();
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
