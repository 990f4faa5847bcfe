import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.SavedModelSession;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * The soak's swap growth without the server: loads and closes one SavedModel version folder again
 * and again, running one prediction per load in each of THREADS pool threads (as a server's
 * workers do), and prints the process's resident memory every {@code every} cycles (after a GC,
 * so that JavaCPP frees what only the GC would). Mode {@code tf}: TensorFlow Java's
 * SavedModelBundle alone; mode {@code fmnist}: the serving module's SavedModelSession, as fmnist
 * serve loads a version. Run from the project root:
 *
 * <pre>java -cp 'cli/target/lib/*' bench/soak/LoadUnloadRss.java tf|fmnist VERSION_DIR [CYCLES [EVERY [THREADS]]]</pre>
 */
public final class LoadUnloadRss {
  public static void main(String[] args) throws Exception {
    boolean fmnist = args[0].equals("fmnist");
    String folder = args[1];
    int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int every = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    System.out.printf(Locale.ROOT, "cycles,rss_mib%n0,%.1f%n", rssMib());
    for (int i = 1; i <= cycles; i++) {
      try (Model model = fmnist ? new FmnistModel(folder) : new TensorFlowModel(folder)) {
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          runs.add(pool.submit(model::predict));
        }
        for (Future<?> run : runs) {
          run.get();
        }
      }
      if (i % every == 0) {
        System.gc();
        System.out.printf(Locale.ROOT, "%d,%.1f%n", i, rssMib());
      }
    }
    pool.shutdown();
  }

  private interface Model extends AutoCloseable {
    void predict();

    @Override
    void close();
  }

  private static final class TensorFlowModel implements Model {
    private final SavedModelBundle bundle;
    private final SignatureDef signature;

    TensorFlowModel(String folder) {
      bundle = SavedModelBundle.load(folder, "serve");
      signature = bundle.metaGraphDef().getSignatureDefOrThrow("serving_default");
    }

    @Override
    public void predict() {
      try (TFloat32 image = TFloat32.tensorOf(Shape.of(1, 28, 28, 1));
          Result result = bundle.session().runner()
              .feed(signature.getInputsOrThrow("image").getName(), image)
              .fetch(signature.getOutputsOrThrow("probabilities").getName())
              .run()) {
        result.get(0);
      }
    }

    @Override
    public void close() {
      bundle.close();
    }
  }

  private static final class FmnistModel implements Model {
    private final SavedModelSession session;

    FmnistModel(String folder) {
      session = SavedModelSession.load(Path.of(folder), 0);
    }

    @Override
    public void predict() {
      session.run("serving_default", Map.of("image", HostTensor.ofFloats(new long[] {1, 28, 28, 1}, new float[784])),
          List.of("probabilities"));
    }

    @Override
    public void close() {
      session.close();
    }
  }

  private static double rssMib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
