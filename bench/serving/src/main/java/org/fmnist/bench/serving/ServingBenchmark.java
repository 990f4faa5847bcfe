package org.fmnist.bench.serving;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.fmnist.serving.JavaCppSettings;
import org.fmnist.serving.ModelFolders;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.SavedModelSession;
import org.fmnist.serving.grpc.GrpcConfig;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.fmnist.serving.batching.BatchingParameters;
import org.fmnist.serving.rest.HttpLimits;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The serving benchmark, all in one run on one machine: TensorFlow Java in process (latency of
 * one image, throughput of batches of 64), ONNX Runtime Java on the same model's {@code
 * model.onnx} as the reference, resident memory over 100,000 predictions, and, side by side in
 * interleaved rounds, TF Java in process against {@code fmnist serve}'s gRPC and REST APIs over
 * loopback at batch 1 and 64 with 1, 4 and 16 concurrent clients; at batch 1 also both APIs with
 * {@code --enable-batching}, and, when there is an ONNX file, REST on servers of the ONNX backend,
 * without and with {@code --enable-batching}. A JIT warm-up of every server path (not measured)
 * precedes the rounds. Prints Markdown tables for the README.
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

  @Option(names = "--clients", defaultValue = "1,4,16", split = ",", description = "Concurrent clients of the side-by-side rows (default: ${DEFAULT-VALUE}).")
  List<Integer> clients;

  @Option(
      names = "--batch-timeout-micros",
      defaultValue = "1000",
      paramLabel = "US",
      description = "batch_timeout_micros of the batched server's rows (max_batch_size 64; default: ${DEFAULT-VALUE}).")
  long batchTimeoutMicros;

  @Option(
      names = "--server-warmup",
      defaultValue = "20",
      paramLabel = "S",
      description = "JIT warm-up of the side-by-side servers before the rounds, split across every server path at the largest --clients; not measured; 0 skips it (default: ${DEFAULT-VALUE}).")
  double serverWarmup;

  @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds of the side-by-side rows (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--memory-predictions", defaultValue = "100000", paramLabel = "N", description = "Predictions of the memory check; 0 skips it (default: ${DEFAULT-VALUE}).")
  int memoryPredictions;

  @Option(names = "--images", defaultValue = "1000", description = "Real test images cycled through (default: ${DEFAULT-VALUE}).")
  int imageCount;

  @Option(
      names = "--tensorflow-intra-op-parallelism",
      defaultValue = "0",
      paramLabel = "N",
      description = "TensorFlow's intra-op threads for every TF row (0: one per core; TensorFlow sizes the pool once per process; default: ${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Dataset folder (default: as fmnist finds it).")
  Path dataDir;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    JavaCppSettings.skipResidentMemoryChecks(); // as fmnist serve runs
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
    try (ImageClassifier classifier = ImageClassifier.load(
            version, ClassifierOptions.defaults().withTensorFlowIntraOpThreads(intraOpThreads).withNotices(ServingBenchmark::progress))) {
      float[][] batchImages = batches(images, batch).get(0);
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
      System.out.print(report(version, onnxFile, rows, notes, classifier));
      System.out.print(sideBySide(classifier, modelFolder, version, Files.isRegularFile(onnxFile), images));
    }
    return 0;
  }

  /** Bad values are usage errors before anything is loaded, not stack traces minutes later. */
  private void checkOptions() {
    require(seconds > 0, "--seconds must be > 0, got " + seconds);
    require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
    require(serverWarmup >= 0, "--server-warmup must be >= 0, got " + serverWarmup);
    require(batch >= 1, "--batch must be at least 1, got " + batch);
    require(intraOpThreads >= 0, "--tensorflow-intra-op-parallelism must be >= 0, got " + intraOpThreads);
    require(clients.stream().allMatch(c -> c >= 1), "--clients must be at least 1 each, got " + clients);
    require(rounds >= 1, "--rounds must be at least 1, got " + rounds);
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

  /**
   * In process, gRPC and REST at batch 1 and --batch, for each client count, in interleaved rounds;
   * at batch 1 also with --enable-batching, and REST on the ONNX backend when {@code onnxServers}.
   */
  private String sideBySide(ImageClassifier classifier, Path modelFolder, Path version, boolean onnxServers, float[][] images) throws Exception {
    ServerConfig config = serverConfig(modelFolder);
    ServerConfig onnxConfig = config.toBuilder().backend(Backend.ONNX).build();
    GrpcConfig grpc = new GrpcConfig(0, (int) ServerConfig.DEFAULT_MAX_BODY_BYTES);
    // try-with-resources skips a null resource: the ONNX servers when there is no ONNX file
    try (ModelServer server = start(config, Optional.of(grpc));
        ModelServer batched = start(batched(config), Optional.of(grpc));
        ModelServer onnxServer = onnxServers ? start(onnxConfig, Optional.empty()) : null;
        ModelServer onnxBatched = onnxServers ? start(batched(onnxConfig), Optional.empty()) : null) {
      long servedVersion = ModelFolders.versionOf(version);
      int grpcPort = server.grpcPort().orElseThrow();
      int batchedGrpcPort = batched.grpcPort().orElseThrow();
      SideBySide table = new SideBySide();
      for (int size : batch == 1 ? List.of(1) : List.of(1, batch)) {
        List<float[][]> batches = batches(images, size);
        List<String> bodies = batches.stream().map(ServingBenchmark::instancesJson).toList();
        List<PredictRequest> requests = batches.stream().map(b -> predictRequest(b, servedVersion)).toList();
        for (int c : clients) {
          table.add("TF Java in process", size, c, id -> i -> classifier.predictBatch(batches.get((id * 7919 + i) % batches.size())));
          table.addServed("gRPC `Predict` (fmnist serve, loopback)", size, c, id -> GrpcLoad.client(grpcPort, requests, id));
          table.addServed(SideBySide.REST, size, c, id -> RestLoad.client(predictUrl(server, servedVersion), bodies, id));
          if (size == 1) {
            table.addServed("gRPC `Predict`, `--enable-batching`", size, c, id -> GrpcLoad.client(batchedGrpcPort, requests, id));
            table.addServed("REST `:predict`, `--enable-batching`", size, c, id -> RestLoad.client(predictUrl(batched, servedVersion), bodies, id));
            if (onnxServers) {
              table.addServed("REST `:predict`, ONNX backend", size, c, id -> RestLoad.client(predictUrl(onnxServer, servedVersion), bodies, id));
              table.addServed("REST `:predict`, ONNX backend, `--enable-batching`", size, c, id -> RestLoad.client(predictUrl(onnxBatched, servedVersion), bodies, id));
            }
          }
        }
      }
      table.warmUpServers(serverWarmup, ServingBenchmark::progress);
      table.run(warmup, seconds, rounds, ServingBenchmark::progress);
      return String.format(
              Locale.ROOT,
              "%nSide by side: %d interleaved rounds of %.1f s per row after %.1f s of warm-up; clients share the server's JVM and machine"
                  + " (client CPU: the client threads' share of the process's CPU time; gRPC clients also work on their channels' threads, not counted)."
                  + " Load average (1 min) at the end: %.2f.%n%s%n%n",
              rounds, seconds, warmup, Machine.loadAverage(), table.serverWarmupNote(serverWarmup))
          + table.markdownTable();
    }
  }

  /** The side-by-side servers' configuration: every version of {@code modelFolder} as "bench", on a free port. */
  private static ServerConfig serverConfig(Path modelFolder) {
    return ServerConfig.builder(modelFolder)
        .modelName("bench")
        .port(0)
        .pollInterval(Duration.ofHours(1))
        // a starved event loop on a loaded machine may read a waiting request after the 10 s header limit; the bench measures speed, not that limit
        .httpLimits(new HttpLimits(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(10), HttpLimits.DEFAULTS.maxConnections()))
        .build();
  }

  /** {@code config} with --enable-batching: max_batch_size 64 after --batch-timeout-micros. */
  private ServerConfig batched(ServerConfig config) {
    return config.toBuilder().batching(new BatchingParameters(64, batchTimeoutMicros, 10, Runtime.getRuntime().availableProcessors(), List.of())).build();
  }

  private static ModelServer start(ServerConfig config, Optional<GrpcConfig> grpc) {
    return ModelServer.start(config, grpc, line -> {});
  }

  private static String predictUrl(ModelServer server, long version) {
    return "http://127.0.0.1:" + server.port() + "/v1/models/bench/versions/" + version + ":predict";
  }

  /** The images cut into batches of {@code size} (at least one), cycling when there are too few. */
  private static List<float[][]> batches(float[][] images, int size) {
    List<float[][]> batches = new ArrayList<>();
    for (int start = 0; start == 0 || start + size <= images.length; start += size) {
      float[][] b = new float[size][];
      for (int k = 0; k < size; k++) {
        b[k] = images[(start + k) % images.length];
      }
      batches.add(b);
    }
    return batches;
  }

  private static String instancesJson(float[][] batch) {
    StringBuilder json = new StringBuilder("{\"instances\": [");
    for (int k = 0; k < batch.length; k++) {
      json.append(k == 0 ? "" : ",").append(nested(batch[k]));
    }
    return json.append("]}").toString();
  }

  /** What tf.make_tensor_proto sends: a [n, 28, 28, 1] float tensor packed little-endian in tensor_content. */
  private static PredictRequest predictRequest(float[][] batch, long version) {
    ByteBuffer bytes = ByteBuffer.allocate(batch.length * LabeledImages.ROWS * LabeledImages.COLS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] image : batch) {
      for (float v : image) {
        bytes.putFloat(v);
      }
    }
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : new long[] {batch.length, LabeledImages.ROWS, LabeledImages.COLS, 1}) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape).setTensorContent(ByteString.copyFrom(bytes.flip())).build();
    return PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName("bench").setVersion(Int64Value.of(version)))
        .putInputs("image", tensor)
        .build();
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

  private String report(Path version, Path onnxFile, List<Measurement> rows, List<String> notes, ImageClassifier classifier) {
    StringBuilder out = new StringBuilder();
    out.append("Serving benchmark, ").append(LocalDate.now()).append(", ").append(Machine.describe()).append('\n');
    out.append("Model ").append(version).append(" on TensorFlow ").append(TensorFlow.version()).append(" (TF Java)");
    out.append(Files.isRegularFile(onnxFile) ? "; ONNX " + onnxFile : "").append('\n');
    out.append("TensorFlow intra-op threads: ").append(intraOpThreads == 0 ? "its default (one per core)" : intraOpThreads);
    boolean routed = classifier.backend() instanceof SavedModelSession session && session.routesSmallBatches();
    out.append(routed ? "; batches of up to " + SavedModelSession.SMALL_BATCH + " on a second session of one intra-op thread" : "; one session for every batch size").append('\n');
    out.append(String.format(Locale.ROOT, "Load average (1 min) at the end of the in-process rows: %.2f%n", Machine.loadAverage()));
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
