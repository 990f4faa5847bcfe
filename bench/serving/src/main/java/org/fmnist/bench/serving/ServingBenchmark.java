package org.fmnist.bench.serving;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fmnist.data.DataException;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.LabeledImages;
import org.fmnist.serving.Backend;
import org.fmnist.serving.ClassifierOptions;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.ModelFolders;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import org.tensorflow.TensorFlow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The serving benchmark, all in one run on one machine: TensorFlow Java in process (latency of
 * one image, throughput of batches of 64), {@code fmnist serve} over loopback with 4 and 16
 * concurrent clients, ONNX Runtime Java on the same model's {@code model.onnx} as the reference,
 * and resident memory over 100,000 predictions. Prints a Markdown table for the README.
 */
@Command(name = "bench/serving/run.sh", mixinStandardHelpOptions = true, sortOptions = false)
public final class ServingBenchmark implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder (its highest version) or a version folder.")
  Path model;

  @Option(names = "--onnx", paramLabel = "FILE", description = "The same model in ONNX (default: model.onnx in the version folder; skipped when absent).")
  Path onnx;

  @Option(names = "--seconds", defaultValue = "10", description = "Measuring time of each row (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--warmup", defaultValue = "3", description = "Warm-up time before each path (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--batch", defaultValue = "64", description = "Batch size of the throughput rows (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--clients", defaultValue = "4,16", split = ",", description = "Concurrent REST clients (default: ${DEFAULT-VALUE}).")
  List<Integer> clients;

  @Option(names = "--memory-predictions", defaultValue = "100000", paramLabel = "N", description = "Predictions of the memory check; 0 skips it (default: ${DEFAULT-VALUE}).")
  int memoryPredictions;

  @Option(names = "--images", defaultValue = "1000", description = "Real test images cycled through (default: ${DEFAULT-VALUE}).")
  int imageCount;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Dataset folder (default: as fmnist finds it).")
  Path dataDir;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The benchmark's command line, with its one-line errors. */
  static CommandLine commandLine() {
    return new CommandLine(new ServingBenchmark()).setExecutionExceptionHandler(ServingBenchmark::oneLine);
  }

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Path version = ModelFolders.resolve(model).toAbsolutePath();
    Path modelFolder = servedFolder(version);
    Path onnxFile = onnx != null ? onnx : version.resolve("model.onnx");
    float[][] images = testImages();
    List<Measurement> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (ImageClassifier classifier = ImageClassifier.load(version, ClassifierOptions.defaults().withNotices(ServingBenchmark::progress))) {
      float[][] batchImages = slice(images, batch);
      progress("TensorFlow Java in process");
      Latencies.repeat(warmup, i -> classifier.predict(images[i % images.length]));
      rows.add(Measurement.of("TF Java in process", 1, Latencies.repeat(seconds, i -> classifier.predict(images[i % images.length])), "images/s"));
      rows.add(Measurement.of("TF Java in process", batch, Latencies.repeat(seconds, i -> classifier.predictBatch(batchImages)), "images/s"));

      if (Files.isRegularFile(onnxFile)) {
        progress("ONNX Runtime Java");
        try (OnnxClassifier reference = new OnnxClassifier(onnxFile);
            ImageClassifier onnxBackend = ImageClassifier.load(version, ClassifierOptions.defaults().withBackend(Backend.ONNX).withNotices(n -> {}))) {
          notes.add(agreement(classifier, reference, images));
          String raw = "ONNX Runtime Java " + OnnxClassifier.runtimeVersion();
          Latencies.repeat(warmup, i -> reference.predict(new float[][] {images[i % images.length]}));
          rows.add(Measurement.of(raw, 1, Latencies.repeat(seconds, i -> reference.predict(new float[][] {images[i % images.length]})), "images/s"));
          rows.add(Measurement.of(raw, batch, Latencies.repeat(seconds, i -> reference.predict(batchImages)), "images/s"));
          Latencies.repeat(warmup, i -> onnxBackend.predict(images[i % images.length]));
          rows.add(Measurement.of("fmnist ONNX backend in process", 1, Latencies.repeat(seconds, i -> onnxBackend.predict(images[i % images.length])), "images/s"));
          rows.add(Measurement.of("fmnist ONNX backend in process", batch, Latencies.repeat(seconds, i -> onnxBackend.predictBatch(batchImages)), "images/s"));

          progress("batch 1, interleaved: TF backend, ONNX backend, raw ONNX Runtime");
          Map<String, Latencies.Operation> peers = new LinkedHashMap<>();
          peers.put(raw, i -> reference.predict(new float[][] {images[i % images.length]}));
          peers.put("fmnist ONNX backend", i -> onnxBackend.predict(images[i % images.length]));
          peers.put("fmnist TF backend", i -> classifier.predict(images[i % images.length]));
          List<Measurement> interleaved = Interleaved.run(peers, 1, seconds, warmup);
          interleaved.forEach(row -> rows.add(new Measurement(row.path() + " (interleaved)", 1, 1, row.p50Millis(), row.p99Millis(), row.perSecond(), row.unit())));
          notes.add(Interleaved.ratios(interleaved));
        }
      } else {
        notes.add("ONNX Runtime rows skipped: no " + onnxFile);
      }

      if (memoryPredictions > 0) {
        progress("resident memory over " + memoryPredictions + " predictions");
        notes.add(memory(classifier, images));
      }
    }
    rows.addAll(rest(modelFolder, version, images));
    System.out.print(report(version, onnxFile, rows, notes));
    return 0;
  }

  /** Bad values are usage errors before anything is loaded, not stack traces minutes later. */
  private void checkOptions() {
    require(seconds > 0, "--seconds must be > 0, got " + seconds);
    require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
    require(batch >= 1, "--batch must be at least 1, got " + batch);
    require(clients.stream().allMatch(c -> c >= 1), "--clients must be at least 1 each, got " + clients);
    require(memoryPredictions >= 0, "--memory-predictions must be >= 0, got " + memoryPredictions);
    require(imageCount >= 1, "--images must be at least 1, got " + imageCount);
  }

  private void require(boolean valid, String message) {
    if (!valid) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** A missing model or dataset is one line on stderr and exit 1; anything else keeps its trace. */
  private static int oneLine(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof UncheckedIOException || e instanceof DataException) {
      command.getErr().println("bench: error: " + e.getMessage());
      return 1;
    }
    throw e;
  }

  /** The model folder the REST rows serve: {@code version} must be its highest version. */
  private static Path servedFolder(Path version) {
    Path modelFolder = version.getParent();
    if (ModelFolders.versionOf(version) < 0 || !ModelFolders.resolve(modelFolder).equals(version)) {
      throw new IllegalArgumentException(
          "the REST rows serve the highest version of a model folder: pass the model folder, or its highest version folder");
    }
    return modelFolder;
  }

  private List<Measurement> rest(Path modelFolder, Path version, float[][] images) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (float[] image : images) {
      bodies.add("{\"instances\": [" + nested(image) + "]}");
    }
    ServerConfig config =
        new ServerConfig(
            modelFolder, Optional.of("bench"), "127.0.0.1", 0, Duration.ofHours(1), ServerConfig.DEFAULT_MAX_BODY_BYTES, ServerConfig.defaultThreads());
    List<Measurement> rows = new ArrayList<>();
    try (ModelServer server = ModelServer.start(config, line -> {})) {
      String url = "http://127.0.0.1:" + server.port() + "/v1/models/bench/versions/" + ModelFolders.versionOf(version) + ":predict";
      for (int c : clients) {
        progress("REST with " + c + " clients");
        RestLoad.run(url, bodies, c, warmup);
        rows.add(RestLoad.run(url, bodies, c, seconds));
      }
    }
    return rows;
  }

  private static String agreement(ImageClassifier classifier, OnnxClassifier reference, float[][] images) throws Exception {
    List<Prediction> tf = classifier.predictBatch(images);
    float[][] onnx = reference.predict(images);
    double maxDiff = 0;
    int same = 0;
    for (int i = 0; i < images.length; i++) {
      float[] p = tf.get(i).probabilities();
      int best = 0;
      for (int c = 0; c < p.length; c++) {
        maxDiff = Math.max(maxDiff, Math.abs(p[c] - onnx[i][c]));
        best = onnx[i][c] > onnx[i][best] ? c : best;
      }
      same += best == tf.get(i).classId() ? 1 : 0;
    }
    return String.format(
        Locale.ROOT, "ONNX Runtime vs TensorFlow on %d test images: max |probability difference| %.2e, same class for %d.", images.length, maxDiff, same);
  }

  private String memory(ImageClassifier classifier, float[][] images) {
    for (int i = 0; i < 10_000; i++) {
      classifier.predict(images[i % images.length]);
    }
    long before = Machine.residentKiB();
    for (int i = 0; i < memoryPredictions; i++) {
      classifier.predict(images[i % images.length]);
    }
    long after = Machine.residentKiB();
    return String.format(
        Locale.ROOT,
        "Resident memory (VmRSS): %d MiB after 10,000 warm-up predictions, %d MiB after %,d more (%+d MiB).",
        before >> 10, after >> 10, memoryPredictions, (after - before) >> 10);
  }

  private String report(Path version, Path onnxFile, List<Measurement> rows, List<String> notes) {
    StringBuilder out = new StringBuilder();
    out.append("Serving benchmark, ").append(LocalDate.now()).append(", ").append(Machine.describe()).append('\n');
    out.append("Model ").append(version).append(" on TensorFlow ").append(TensorFlow.version()).append(" (TF Java)");
    out.append(Files.isRegularFile(onnxFile) ? "; ONNX " + onnxFile : "").append('\n');
    out.append(String.format(Locale.ROOT, "Each row: %.1f s after %.1f s of warm-up; REST clients share the server's JVM and machine.%n%n", seconds, warmup));
    out.append("| Path | Batch | Clients | p50 (ms) | p99 (ms) | Throughput |\n|---|---:|---:|---:|---:|---:|\n");
    rows.forEach(row -> out.append(row.markdownRow()).append('\n'));
    out.append('\n');
    notes.forEach(note -> out.append(note).append('\n'));
    return out.toString();
  }

  private float[][] testImages() {
    LabeledImages test = new DatasetLocator().load(dataDir, false, ServingBenchmark::progress).test();
    float[][] images = new float[Math.min(imageCount, test.size())][];
    for (int i = 0; i < images.length; i++) {
      images[i] = test.imageAsFloats(i);
    }
    return images;
  }

  private static float[][] slice(float[][] images, int count) {
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = images[i % images.length];
    }
    return out;
  }

  /** An image as TF Serving's nested lists [28][28][1]. */
  private static String nested(float[] pixels) {
    StringBuilder json = new StringBuilder("[");
    for (int y = 0; y < LabeledImages.ROWS; y++) {
      json.append(y == 0 ? "[" : ",[");
      for (int x = 0; x < LabeledImages.COLS; x++) {
        json.append(x == 0 ? "[" : ",[").append(pixels[y * LabeledImages.COLS + x]).append(']');
      }
      json.append(']');
    }
    return json.append(']').toString();
  }

  private static void progress(String line) {
    System.err.println("bench: " + line);
  }
}
