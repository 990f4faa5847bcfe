package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and error of TensorFlow Serving's REST API that fmnist serve answers. */
class RestApiContractTest {
  static final float TEMPERATURE = 0.2f;
  @TempDir static Path base;
  static ModelServer server;
  static RestClient client;
  static ImageClassifier reference;
  static FashionTestImages images;
  static final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), TEMPERATURE);
    TestModels.exportRenamed(base.resolve("renamed/4"), TEMPERATURE);
    reference = ImageClassifier.load(base.resolve("fashion/1"));
    ServerConfig config =
        ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(64 << 10).threads(4).build();
    server = ModelServer.start(config, log::add);
    client = new RestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    reference.close();
  }

  @Test
  void modelStatusListsTheAvailableVersion() throws Exception {
    JsonNode expected =
        RestClient.JSON.readTree(
            "{\"model_version_status\": [{\"version\": \"1\", \"state\": \"AVAILABLE\","
                + " \"status\": {\"error_code\": \"OK\", \"error_message\": \"\"}}]}");
    RestClient.Response all = client.get("/v1/models/fashion");
    assertEquals(200, all.status());
    assertEquals("application/json", all.contentType());
    assertEquals(expected, all.json());
    assertEquals(expected, client.get("/v1/models/fashion/versions/1").json());
  }

  @Test
  void modelMetadataGivesTheSignatureDefinitions() {
    for (String path : List.of("/v1/models/fashion/metadata", "/v1/models/fashion/versions/1/metadata")) {
      RestClient.Response response = client.get(path);
      assertEquals(200, response.status(), response.body());
      JsonNode json = response.json();
      assertEquals("fashion", json.at("/model_spec/name").asText());
      assertEquals("", json.at("/model_spec/signature_name").asText());
      assertEquals("1", json.at("/model_spec/version").asText());
      JsonNode signature = json.at("/metadata/signature_def/signature_def/serving_default");
      assertEquals("tensorflow/serving/predict", signature.get("method_name").asText());
      JsonNode image = signature.at("/inputs/image");
      assertEquals("DT_FLOAT", image.get("dtype").asText());
      assertEquals(List.of("-1", "28", "28", "1"), image.at("/tensor_shape/dim").findValuesAsText("size"));
      assertFalse(image.at("/tensor_shape/unknown_rank").asBoolean());
      assertEquals("image:0", image.get("name").asText());
      assertEquals("DT_FLOAT", signature.at("/outputs/probabilities/dtype").asText());
      assertEquals(List.of("-1", "10"), signature.at("/outputs/probabilities/tensor_shape/dim").findValuesAsText("size"));
      assertEquals("DT_INT64", signature.at("/outputs/class_id/dtype").asText());
    }
    JsonNode renamed = client.get("/v1/models/renamed/metadata").json().at("/metadata/signature_def/signature_def");
    assertEquals(List.of("aliased", "logits_only", "serving_default"), fieldNames(renamed));
    assertEquals(List.of("label_index", "logits", "scores"), fieldNames(renamed.at("/serving_default/outputs")));
  }

  @Test
  void predictRowFormatAnswersOneObjectPerInstanceWithEveryOutput() {
    int[] indexes = {0, 1, 2};
    String body = "{\"instances\": [" + instances(indexes, true) + "]}";
    RestClient.Response response = client.post("/v1/models/fashion:predict", body);
    assertEquals(200, response.status(), response.body());
    JsonNode predictions = response.json().get("predictions");
    assertEquals(3, predictions.size());
    List<Prediction> inProcess = reference.predictBatch(batch(indexes));
    for (int i = 0; i < indexes.length; i++) {
      Prediction expected = inProcess.get(i);
      assertArrayEquals(expected.probabilities(), RestClient.floats(predictions.get(i).get("probabilities")), 1e-7f);
      assertEquals(expected.classId(), predictions.get(i).get("class_id").asInt());
    }
  }

  @Test
  void predictRowFormatTakesNamedInputsToo() {
    String body = "{\"signature_name\": \"serving_default\", \"instances\": [{\"image\": " + imageJson(images.floats(5), true) + "}]}";
    JsonNode prediction = client.post("/v1/models/fashion/versions/1:predict", body).json().get("predictions").get(0);
    assertArrayEquals(
        reference.predict(images.floats(5)).probabilities(), RestClient.floats(prediction.get("probabilities")), 1e-7f);
  }

  @Test
  void predictColumnarFormatAnswersAnObjectOfOutputs() {
    String body = "{\"inputs\": [" + instances(new int[] {3, 4}, true) + "]}";
    JsonNode outputs = client.post("/v1/models/fashion:predict", body).json().get("outputs");
    assertEquals(List.of("class_id", "probabilities"), fieldNames(outputs));
    List<Prediction> inProcess = reference.predictBatch(batch(new int[] {3, 4}));
    for (int i = 0; i < 2; i++) {
      Prediction expected = inProcess.get(i);
      assertArrayEquals(expected.probabilities(), RestClient.floats(outputs.get("probabilities").get(i)), 1e-7f);
      assertEquals(expected.classId(), outputs.get("class_id").get(i).asInt());
    }
    JsonNode named = client.post("/v1/models/fashion:predict", "{\"inputs\": {\"image\": [" + instances(new int[] {3}, true) + "]}}").json();
    assertEquals(outputs.get("class_id").get(0), named.at("/outputs/class_id/0"));
  }

  @Test
  void aModelWithOtherNamesIsServedByItsOwnSignature() {
    String instance = imageJson(images.floats(9), false);
    JsonNode row = client.post("/v1/models/renamed:predict", "{\"instances\": [" + instance + "]}").json();
    JsonNode prediction = row.get("predictions").get(0);
    assertEquals(List.of("label_index", "logits", "scores"), fieldNames(prediction));
    Prediction expected = reference.predict(images.floats(9));
    assertArrayEquals(expected.probabilities(), RestClient.floats(prediction.get("scores")), 1e-6f);
    assertEquals(expected.classId(), prediction.get("label_index").asInt());
    // one output: no names, as TF Serving does
    JsonNode logits = client.post("/v1/models/renamed:predict", "{\"signature_name\": \"logits_only\", \"instances\": [" + instance + "]}").json();
    assertEquals(10, logits.get("predictions").get(0).size());
    assertEquals(prediction.get("logits"), logits.get("predictions").get(0));
    JsonNode columnar = client.post("/v1/models/renamed:predict", "{\"signature_name\": \"logits_only\", \"inputs\": [" + instance + "]}").json();
    assertEquals(prediction.get("logits"), columnar.get("outputs").get(0));
    // two output names for one tensor: both answered
    JsonNode aliased = client.post("/v1/models/renamed:predict", "{\"signature_name\": \"aliased\", \"instances\": [" + instance + "]}").json();
    assertEquals(prediction.get("scores"), aliased.at("/predictions/0/a"));
    assertEquals(prediction.get("scores"), aliased.at("/predictions/0/b"));
  }

  @Test
  void badRequestsGet400WithAnErrorBody() {
    String image = imageJson(images.floats(0), true);
    assertBadRequest("{\"instances\": [[1, 2}", "JSON Parse error: Unexpected close marker '}': expected ']' (for Array starting at line 1, column 16) at offset: ");
    assertBadRequest("", "JSON Parse error: The document is empty");
    assertBadRequest("[1, 2]", "Is not object");
    assertBadRequest("{\"instances\": [" + image + "], \"inputs\": [" + image + "]}", "expecting only one of 'inputs' or 'instances'");
    assertBadRequest("{\"signature_name\": \"serving_default\"}", "Missing 'inputs' or 'instances' key");
    assertBadRequest("{\"instances\": 3}", "Expecting 'instances' to be a list/array");
    assertBadRequest("{\"instances\": []}", "No values in 'instances' array");
    assertBadRequest("{\"instances\": [" + imageJson(images.floats(0), false) + "]}", "input 'image' expects shape [-1,28,28,1] but got: [1,28,28]");
    assertBadRequest("{\"instances\": [[[0.5], [0.5]], [[0.5]]]}", "Error: Expecting shape [2,1] but got: [1,1]");
    assertBadRequest("{\"instances\": [[[0.5, 0.5], [0.5]]]}", "Encountered list at unexpected size: 1 at level: 1 expected size: 2");
    assertBadRequest("{\"instances\": [[[0.5, [0.5]]]]}", "Encountered list at unexpected level: 2 expected < 2");
    assertBadRequest("{\"instances\": [[[\"white\"]]]}", "JSON Value: \"white\" Type: String is not a number");
    assertBadRequest("{\"instances\": [[[true]]]}", "JSON Value: true Type: Boolean is not a number");
    assertBadRequest("{\"instances\": [[[null]]]}", "is not a number");
    assertBadRequest("{\"instances\": [" + image.replaceFirst("\\[0\\.0\\]", "[1e300]") + "]}", "Cannot convert JSON value: 1.0E300 to float without loss of precision.");
    assertBadRequest("{\"signature_name\": \"classify\", \"instances\": [" + image + "]}", "Serving signature name: \"classify\" not found in signature def");
    assertBadRequest("{\"signature_name\": 7, \"instances\": [" + image + "]}", "'signature_name' key must be a string value.");
    assertBadRequest("{\"instances\": [{\"pixels\": " + image + "}]}", "input tensor alias not found in signature: pixels. Inputs expected to be in the set {image}.");
    assertBadRequest("{\"inputs\": {}}", "Missing named input: image in 'inputs' object.");
    assertBadRequest("{\"instances\": [" + image + ", {\"image\": " + image + "}]}", "Expecting value/list but got object at item 1 of input list");
    assertEquals(
        "Failed to process element: 1 of 'instances' list. JSON object keys [pixels] must be equal to: image",
        client.post("/v1/models/fashion:predict", "{\"instances\": [{\"image\": " + image + "}, {\"pixels\": " + image + "}]}").error());
    assertBadRequest("{\"instances\": [{\"image\": " + image + ", \"image\": " + image + "}]}", "Failed to process element: 0 of 'instances' list. JSON object key 'image' is given twice");
    assertEquals(400, client.post("/v1/models/fashion:classify", "{}").status());
    assertEquals("Malformed request: POST /v1/models/fashion/versions/one:predict", client.post("/v1/models/fashion/versions/one:predict", "{}").error());
    assertEquals("Malformed request: GET /v1/models/fashion:predict", client.get("/v1/models/fashion:predict").error());
    assertEquals("Malformed request: PUT /v1/models/fashion", client.send("PUT", "/v1/models/fashion", "{}").error());
    assertEquals("Missing model name in request.", client.get("/v1/models").error());
  }

  @Test
  void unknownModelsAndVersionsGet404WithTensorFlowServingsMessages() {
    String body = "{\"instances\": [" + imageJson(images.floats(0), true) + "]}";
    assertNotFound(client.post("/v1/models/shoes:predict", body), "Servable not found for request: Latest(shoes)");
    assertNotFound(client.post("/v1/models/fashion/versions/2:predict", body), "Servable not found for request: Specific(fashion, 2)");
    assertNotFound(client.get("/v1/models/shoes"), "Could not find any versions of model shoes");
    assertNotFound(client.get("/v1/models/fashion/versions/3"), "Could not find version 3 of model fashion");
    assertNotFound(client.get("/v1/models/shoes/metadata"), "Servable not found for request: Latest(shoes)");
    assertNotFound(client.get("/v1/models/fashion/versions/3/metadata"), "Servable not found for request: Specific(fashion, 3)");
    assertEquals(404, client.get("/index.html").status());
  }

  @Test
  void bodiesOverTheLimitGet413WithoutBeingRead() throws Exception {
    // a declared length over the limit is refused before any byte of the body is sent
    RawHttp.Reply declared = RawHttp.exchange(server.port(), "POST /v1/models/fashion:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
    assertEquals(413, declared.status());
    assertTrue(declared.body().contains("\"error\""), declared.body());
    // a chunked body is cut off as soon as it passes the limit (64 KiB here)
    String big = "{\"instances\": [" + "[[0.5]],".repeat(20_000) + "[[0.5]]]}";
    RawHttp.Reply chunked = RawHttp.exchange(server.port(), RawHttp.chunkedPost("/v1/models/fashion:predict", big));
    assertEquals(413, chunked.status());
    assertEquals("Request body larger than the limit of 65536 bytes", RestClient.JSON.readTree(chunked.body()).get("error").asText());
    // under the limit, the same server answers
    assertEquals(200, client.post("/v1/models/fashion:predict", "{\"instances\": [" + imageJson(images.floats(0), true) + "]}").status());
  }

  @Test
  void everyRequestWritesOneAccessLogLine() throws InterruptedException {
    client.get("/v1/models/fashion?access-log");
    client.get("/v1/models/nope?access-log");
    // a line is written once its answer is sent, so it may trail the answer (and the next request's line)
    List<String> lines = List.of();
    for (long deadline = System.currentTimeMillis() + 10_000; lines.size() < 2 && System.currentTimeMillis() < deadline; Thread.sleep(10)) {
      lines = log.stream().filter(line -> line.contains("?access-log\"")).toList();
    }
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.stream().anyMatch(line -> line.matches("\\S+ 127\\.0\\.0\\.1 \"GET /v1/models/fashion\\?access-log\" 200 \\d+B [0-9.]+ms")), lines.toString());
    assertTrue(lines.stream().anyMatch(line -> line.contains("\"GET /v1/models/nope?access-log\" 404 ")), lines.toString());
  }

  private static void assertBadRequest(String body, String expectedMessage) {
    RestClient.Response response = client.post("/v1/models/fashion:predict", body);
    assertEquals(400, response.status(), body.length() > 200 ? body.substring(0, 200) : body);
    assertEquals("application/json", response.contentType());
    assertTrue(response.error().contains(expectedMessage), response.error());
  }

  private static void assertNotFound(RestClient.Response response, String message) {
    assertEquals(404, response.status(), response.body());
    assertEquals(message, response.error());
  }

  private static String instances(int[] indexes, boolean channel) {
    StringBuilder json = new StringBuilder();
    for (int index : indexes) {
      json.append(json.length() == 0 ? "" : ", ").append(imageJson(images.floats(index), channel));
    }
    return json.toString();
  }

  private static float[][] batch(int[] indexes) {
    return Arrays.stream(indexes).mapToObj(images::floats).toArray(float[][]::new);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
