package org.fmnist.serving.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fmnist.serving.AtomicFolder;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SageMaker's inference container contract: {@code /ping} before and after a model loads, {@code
 * /invocations} in each content type, the custom attributes header, and the refusals.
 */
class SageMakerContractTest {
  private static final float TEMPERATURE = 0.2f;
  private static final String CSV = "text/csv";
  @TempDir static Path work;
  static Path single;
  static ModelServer singleServer;
  static ModelServer multiServer;
  static RestClient client;
  static RestClient multi;
  static ImageClassifier reference;
  static FashionTestImages images;

  @BeforeAll
  static void start() throws Exception {
    images = FashionTestImages.load();
    single = Files.createDirectories(work.resolve("opt/ml/model"));
    singleServer = ModelServer.start(ServerConfig.builder(single).port(0).pollInterval(Duration.ofMillis(100)).maxBodyBytes(1 << 20).threads(4).build(), line -> {});
    client = new RestClient(singleServer.port());
    Path multiBase = work.resolve("multi");
    TestModels.exportStandard(multiBase.resolve("fashion/1"), TEMPERATURE);
    TestModels.exportStandard(multiBase.resolve("fashion/2"), TEMPERATURE);
    TestModels.exportRenamed(multiBase.resolve("renamed/1"), TEMPERATURE);
    multiServer = ModelServer.start(ServerConfig.builder(multiBase).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(4).build(), line -> {});
    multi = new RestClient(multiServer.port());
    reference = ImageClassifier.load(multiBase.resolve("fashion/1"));
  }

  @AfterAll
  static void stop() {
    singleServer.close();
    multiServer.close();
    reference.close();
  }

  @Test
  void pingIs503UntilAModelLoadsThen200WithAnEmptyBodyAndInvocationsAnswer() throws Exception {
    RestClient.Response before = client.get("/ping");
    assertEquals(503, before.status());
    assertEquals("", before.body());

    Path staging = work.resolve("staging");
    TestModels.exportStandard(staging, TEMPERATURE);
    AtomicFolder.replace(staging, single.resolve("1"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.get("/ping").status() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    RestClient.Response after = client.get("/ping");
    assertEquals(200, after.status());
    assertEquals("", after.body());

    // a 1/... layout is one model; no custom attribute is needed to reach it
    RestClient.Response csv = client.post("/invocations", csvLines(0, 1), "Content-Type", CSV);
    assertEquals(200, csv.status(), csv.body());
    assertPredictions(new int[] {0, 1}, csv.json().get("predictions"));
  }

  @Test
  void jsonTakesTfServingBodiesAndBareLists() {
    int[] indexes = {2, 3};
    String instances = instances(indexes);
    String json = "application/json";
    assertPredictions(indexes, multi.post("/invocations", "{\"instances\": [" + instances + "]}", "Content-Type", json, "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=fashion").json().get("predictions"));
    RestClient.Response bare = multi.post("/invocations", "[" + instances + "]", "Content-Type", "application/json; charset=utf-8", "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=fashion");
    assertEquals(200, bare.status(), bare.body());
    assertPredictions(indexes, bare.json().get("predictions"));
    JsonNode columnar = multi.post("/invocations", "{\"inputs\": [" + instances + "]}", "Content-Type", json, "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=fashion").json();
    assertEquals(reference.predict(images.floats(2)).classId(), columnar.at("/outputs/class_id/0").asInt());
  }

  @Test
  void jsonLinesTakeOneInstancePerLineNestedOrFlatAndCanBeTheAnswer() {
    String nested = RestClient.imageJson(images.floats(4), true) + "\n" + RestClient.imageJson(images.floats(5), true) + "\n";
    String flat = flat(images.floats(4)) + "\n\n" + flat(images.floats(5));
    for (String body : List.of(nested, flat)) {
      RestClient.Response json = multi.post("/invocations", body, "Content-Type", "application/jsonlines", "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=fashion");
      assertEquals(200, json.status(), json.body());
      assertEquals("application/json", json.contentType());
      assertPredictions(new int[] {4, 5}, json.json().get("predictions"));
    }

    RestClient.Response lines = multi.post("/invocations", csvLines(6, 7, 8), "Content-Type", CSV, "Accept", "application/jsonlines",
        "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=fashion");
    assertEquals(200, lines.status(), lines.body());
    assertEquals("application/jsonlines", lines.contentType());
    List<String> answers = lines.body().lines().toList();
    assertEquals(3, answers.size(), lines.body());
    for (int i = 0; i < 3; i++) {
      JsonNode prediction = new RestClient.Response(200, answers.get(i), "").json();
      assertEquals(reference.predict(images.floats(6 + i)).classId(), prediction.get("class_id").asInt());
    }
  }

  @Test
  void customAttributesPickTheModelAndVersion() {
    String renamed = multi.post("/invocations", "[" + RestClient.imageJson(images.floats(9), false) + "]", "Content-Type", "application/json",
        "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=renamed").body();
    assertTrue(renamed.contains("label_index"), renamed);
    RestClient.Response version = multi.post("/invocations", csvLines(0), "Content-Type", CSV,
        "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=fashion,tfs-model-version=2");
    assertEquals(200, version.status(), version.body());
    assertError(404, "Servable not found for request: Specific(fashion, 1)", multi.post("/invocations", csvLines(0), "Content-Type", CSV,
        "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=fashion,tfs-model-version=1"));
    assertError(404, "Servable not found for request: Latest(shoes)", multi.post("/invocations", csvLines(0), "Content-Type", CSV,
        "X-Amzn-SageMaker-Custom-Attributes", "tfs-model-name=shoes"));
    assertError(400, "several models are served (fashion, renamed): choose one with X-Amzn-SageMaker-Custom-Attributes: tfs-model-name=NAME",
        multi.post("/invocations", csvLines(0), "Content-Type", CSV));
  }

  @Test
  void refusals() {
    String model = "tfs-model-name=fashion";
    String attributes = "X-Amzn-SageMaker-Custom-Attributes";
    assertError(415, "unsupported Content-Type 'text/plain': use application/json, application/jsonlines or text/csv",
        multi.post("/invocations", "1,2,3", "Content-Type", "text/plain", attributes, model));
    assertError(406, "cannot answer Accept 'text/html': use application/json or application/jsonlines",
        multi.post("/invocations", csvLines(0), "Content-Type", CSV, "Accept", "text/html", attributes, model));
    assertError(400, "CSV line 1 has 3 values, expecting 784 (one [28,28,1] instance per line)",
        multi.post("/invocations", "1,2,3\n", "Content-Type", CSV, attributes, model));
    assertError(400, "CSV line 2: 'x' is not a number",
        multi.post("/invocations", csvLines(0) + "x" + ",0".repeat(783) + "\n", "Content-Type", CSV, attributes, model));
    assertError(400, "the CSV body has no line", multi.post("/invocations", "\n", "Content-Type", CSV, attributes, model));
    assertError(400, "fmnist serve implements tfs-method=predict only, not classify",
        multi.post("/invocations", csvLines(0), "Content-Type", CSV, attributes, model + ",tfs-method=classify"));
    assertError(405, "GET /invocations: use POST", multi.get("/invocations"));
  }

  private static void assertPredictions(int[] indexes, JsonNode predictions) {
    List<Prediction> expected = reference.predictBatch(IntStream.of(indexes).mapToObj(images::floats).toArray(float[][]::new));
    assertEquals(indexes.length, predictions.size());
    for (int i = 0; i < indexes.length; i++) {
      assertEquals(expected.get(i).classId(), predictions.get(i).get("class_id").asInt());
      assertArrayEquals(expected.get(i).probabilities(), RestClient.floats(predictions.get(i).get("probabilities")), 1e-7f);
    }
  }

  private static void assertError(int status, String message, RestClient.Response response) {
    assertEquals(status, response.status(), response.body());
    assertEquals(message, response.error());
  }

  private static String instances(int[] indexes) {
    return IntStream.of(indexes).mapToObj(i -> RestClient.imageJson(images.floats(i), true)).collect(Collectors.joining(","));
  }

  private static String csvLines(int... indexes) {
    StringBuilder csv = new StringBuilder();
    for (int index : indexes) {
      float[] pixels = images.floats(index);
      for (int i = 0; i < pixels.length; i++) {
        csv.append(i == 0 ? "" : ",").append(pixels[i]);
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static String flat(float[] pixels) {
    return "[" + IntStream.range(0, pixels.length).mapToObj(i -> Float.toString(pixels[i])).collect(Collectors.joining(",")) + "]";
  }
}
