package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fmnist.data.ClassNames;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;
import org.fmnist.data.LabeledImages;
import org.fmnist.export.ExportFormat;
import org.fmnist.export.ExportRequest;
import org.fmnist.export.ModelExporter;
import org.fmnist.io.Json;
import org.fmnist.model.Evaluator;
import org.fmnist.model.Precision;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.Backend;
import org.fmnist.serving.ClassifierOptions;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.RestClient;
import org.fmnist.serving.rest.ServerConfig;
import org.fmnist.train.Checkpoints;
import org.fmnist.train.Device;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RuntimeSettings;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real chain a user runs: the Trainer trains a cnn-bn briefly on real images, the real
 * exporter writes {@code saved_models/fashion/1}, and the serving module answers from it (in
 * process, through {@code fmnist predict}, and over TF Serving's REST API) exactly what the
 * trainer's own graph computes with the run's final weights, BatchNormalization in its inference
 * form (moving statistics) included.
 */
class ServingEndToEndTest {
  private static final int TRAIN_IMAGES = 2000;
  private static final int TEST_IMAGES = 1000;
  private static final int SHOWN = 10;

  @TempDir static Path dir;
  static Path savedModels;
  static Path model;
  static Path run;
  static LabeledImages test;
  static LabeledImages allTest;
  static ImageClassifier classifier;

  /**
   * Two epochs in batches of 8 (450 steps) on 2,000 real images: BatchNormalization's moving
   * statistics (momentum 0.99) need some hundreds of updates before the inference form classifies;
   * after one epoch of batches of 32 its output is still near-uniform.
   */
  @BeforeAll
  static void trainAndExport() {
    FashionMnist all = new DatasetLocator().load(null, false, line -> {});
    FashionMnist data = new FashionMnist(all.train(), all.test().first(TEST_IMAGES), all.source(), all.checksums());
    test = data.test();
    allTest = all.test();
    TrainingConfig config =
        TrainingConfig.builder().model("cnn-bn").epochs(2).batchSize(8).limitTrain(TRAIN_IMAGES).build();
    run = dir.resolve("runs/cnn-bn");
    new Trainer(config, RuntimeSettings.cpu(2), new RunDirectory(run), List.of(), line -> {}).fit(data, false);
    savedModels = dir.resolve("saved_models");
    new ModelExporter()
        .export(new ExportRequest(run, savedModels, "fashion", OptionalLong.of(1), EnumSet.allOf(ExportFormat.class)));
    model = savedModels.resolve("fashion");
    classifier = ImageClassifier.load(model);
  }

  @AfterAll
  static void close() {
    if (classifier != null) {
      classifier.close();
    }
  }

  @Test
  void theExportedModelAnswersWhatTheTrainerComputes() throws Exception {
    assertEquals(model.resolve("1"), classifier.folder());
    assertEquals(ClassNames.ALL, classifier.labels());
    JsonNode provenance = Json.MAPPER.readTree(model.resolve("1/fmnist.json").toFile());
    assertEquals(ClassNames.ALL, Json.MAPPER.convertValue(provenance.get("classNames"), List.class));

    Evaluator.Predictions trainer = trainerPredictions();
    float[][] pixels = new float[test.size()][];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = test.imageAsFloats(i);
    }
    List<Prediction> served = classifier.predictBatch(pixels);
    int correct = 0;
    double gap = 0;
    for (int i = 0; i < pixels.length; i++) {
      float[] expected = trainer.probabilities()[i];
      float[] actual = served.get(i).probabilities();
      assertEquals(trainer.predicted()[i], served.get(i).classId(), "class of test image " + i);
      assertArrayEquals(expected, actual, 1e-5f, "probabilities of test image " + i);
      for (int c = 0; c < expected.length; c++) {
        gap = Math.max(gap, Math.abs(expected[c] - actual[c]));
      }
      correct += served.get(i).classId() == test.label(i) ? 1 : 0;
    }
    System.err.printf("cnn-bn export vs trainer: max |p_served - p_trainer| = %.2e, accuracy %d/%d%n", gap, correct, pixels.length);
    // briefly trained, but trained: the outputs compared are a classifier's, not near-uniform ones
    assertTrue(correct > 0.5 * pixels.length, "accuracy " + correct + "/" + pixels.length);
  }

  @Test
  void theOnnxRuntimeBackendAnswersAsTensorFlowOnTheWholeTestSet() {
    float[][] pixels = new float[allTest.size()][];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = allTest.imageAsFloats(i);
    }
    try (ImageClassifier onnx = ImageClassifier.load(model, ClassifierOptions.defaults().withBackend(Backend.ONNX).withNotices(n -> {}))) {
      assertEquals(Backend.ONNX, onnx.backend().kind());
      double gap = 0;
      for (int start = 0; start < pixels.length; start += 1000) {
        float[][] batch = Arrays.copyOfRange(pixels, start, start + 1000);
        List<Prediction> a = classifier.predictBatch(batch);
        List<Prediction> b = onnx.predictBatch(batch);
        for (int i = 0; i < batch.length; i++) {
          assertEquals(a.get(i).classId(), b.get(i).classId(), "class of test image " + (start + i));
          float[] pa = a.get(i).probabilities();
          float[] pb = b.get(i).probabilities();
          for (int c = 0; c < pa.length; c++) {
            gap = Math.max(gap, Math.abs(pa[c] - pb[c]));
          }
        }
      }
      System.err.printf("cnn-bn export, ONNX Runtime vs TensorFlow backend on %d test images: max |difference| %.2e%n", pixels.length, gap);
      assertTrue(gap <= 1e-5, "max |p_onnx - p_tensorflow| = " + gap);
    }
  }

  @Test
  void predictLabelsPngFilesAsTheLibraryDoesAndShowsTheTrueLabelsOfTestImages() {
    FashionTestImages images = FashionTestImages.load();
    List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString()));
    List<Path> pngs = new ArrayList<>();
    for (int i = 0; i < SHOWN; i++) {
      pngs.add(images.write(i, dir, "png"));
      args.add(pngs.get(i).toString());
      args.add("--test-index=" + i);
    }
    CliRun cli = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, cli.exitCode(), cli.err());

    Table table = Table.parse(cli.out());
    assertEquals(List.of("IMAGE", "LABEL", "CONFIDENCE", "TRUE LABEL"), table.header());
    assertEquals(2 * SHOWN, table.rows().size(), cli.out());
    for (int i = 0; i < SHOWN; i++) {
      Prediction fromFile = classifier.predict(pngs.get(i));
      Prediction fromPixels = classifier.predict(test.imageAsFloats(i));
      // the 8-bit grey PNG holds the dataset's pixels exactly, light on dark: not inverted
      assertArrayEquals(fromPixels.probabilities(), fromFile.probabilities(), 1e-6f);
      List<String> fileRow = table.rows().get(i);
      assertEquals(List.of(pngs.get(i).toString(), fromFile.label(), ""), List.of(fileRow.get(0), fileRow.get(1), fileRow.get(3)));
      List<String> testRow = table.rows().get(SHOWN + i);
      String truth = ClassNames.of(test.label(i));
      assertEquals("test[" + i + "]", testRow.get(0));
      assertEquals(fromPixels.label(), testRow.get(1));
      assertEquals(truth + (truth.equals(fromPixels.label()) ? "" : "  (wrong)"), testRow.get(3));
    }
  }

  @Test
  void theRestServerServesTheExportWithTensorFlowServingsContract() {
    ServerConfig config =
        ServerConfig.builder(savedModels).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(ServerConfig.DEFAULT_MAX_BODY_BYTES).threads(2).build();
    List<String> log = new CopyOnWriteArrayList<>();
    try (ModelServer server = ModelServer.start(config, log::add)) {
      RestClient client = new RestClient(server.port());
      RestClient.Response status = client.get("/v1/models/fashion");
      assertEquals(200, status.status(), status.body());
      assertEquals("1", status.json().at("/model_version_status/0/version").asText());
      assertEquals("AVAILABLE", status.json().at("/model_version_status/0/state").asText());

      RestClient.Response metadata = client.get("/v1/models/fashion/metadata");
      assertEquals(200, metadata.status(), metadata.body());
      JsonNode signature = metadata.json().at("/metadata/signature_def/signature_def/serving_default");
      assertEquals("tensorflow/serving/predict", signature.get("method_name").asText());
      assertEquals(List.of("image"), fieldNames(signature.get("inputs")));
      assertTensor(signature.at("/inputs/image"), "DT_FLOAT", "-1", "28", "28", "1");
      assertEquals(List.of("class_id", "probabilities"), fieldNames(signature.get("outputs")).stream().sorted().toList());
      assertTensor(signature.at("/outputs/probabilities"), "DT_FLOAT", "-1", "10");
      assertTensor(signature.at("/outputs/class_id"), "DT_INT64", "-1");

      StringBuilder instances = new StringBuilder();
      float[][] pixels = new float[SHOWN][];
      for (int i = 0; i < SHOWN; i++) {
        pixels[i] = test.imageAsFloats(i);
        instances.append(i == 0 ? "" : ",").append(RestClient.imageJson(pixels[i], true));
      }
      List<Prediction> expected = classifier.predictBatch(pixels);

      RestClient.Response rows = client.post("/v1/models/fashion:predict", "{\"instances\": [" + instances + "]}");
      assertEquals(200, rows.status(), rows.body());
      JsonNode predictions = rows.json().get("predictions");
      assertEquals(SHOWN, predictions.size());
      RestClient.Response columns = client.post("/v1/models/fashion/versions/1:predict", "{\"inputs\": {\"image\": [" + instances + "]}}");
      assertEquals(200, columns.status(), columns.body());
      JsonNode outputs = columns.json().get("outputs");
      for (int i = 0; i < SHOWN; i++) {
        Prediction p = expected.get(i);
        assertArrayEquals(p.probabilities(), RestClient.floats(predictions.get(i).get("probabilities")), 1e-6f);
        assertEquals(p.classId(), predictions.get(i).get("class_id").asInt());
        assertArrayEquals(p.probabilities(), RestClient.floats(outputs.get("probabilities").get(i)), 1e-6f);
        assertEquals(p.classId(), outputs.get("class_id").get(i).asInt());
      }
    }
    assertTrue(log.stream().anyMatch(line -> line.contains("\"POST /v1/models/fashion:predict\" 200 ")), log.toString());
  }

  /** The trainer's own graph with the run's final weights, on the same test images. */
  private static Evaluator.Predictions trainerPredictions() {
    TrainingConfig config = RunDirectory.open(run).readConfig();
    try (TrainingGraph graph = new TrainingGraph(config.modelSpec(), config.seed(), Device.CPU.resolve(2))) {
      graph.restore(Checkpoints.variables(RunDirectory.open(run).finalCheckpoint()));
      return graph.evaluator().evaluate(test, true);
    }
  }

  private static void assertTensor(JsonNode tensor, String dtype, String... dims) {
    assertEquals(dtype, tensor.get("dtype").asText(), tensor.toString());
    assertEquals(List.of(dims), tensor.at("/tensor_shape/dim").findValuesAsText("size"), tensor.toString());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** fmnist predict's table, cut at the header's column starts (cells may hold spaces). */
  private record Table(List<String> header, List<List<String>> rows) {
    static Table parse(String text) {
      List<String> lines = text.lines().toList();
      String head = lines.get(0);
      List<Integer> starts = new ArrayList<>(List.of(0));
      for (String name : head.substring(head.indexOf(' ')).strip().split(" {2,}")) {
        starts.add(head.indexOf(name, starts.get(starts.size() - 1) + 1));
      }
      List<List<String>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        rows.add(cells(line, starts));
      }
      return new Table(cells(head, starts), rows);
    }

    private static List<String> cells(String line, List<Integer> starts) {
      List<String> cells = new ArrayList<>();
      for (int c = 0; c < starts.size(); c++) {
        int from = Math.min(starts.get(c), line.length());
        int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
        cells.add(line.substring(from, to).strip());
      }
      return cells;
    }
  }
}
