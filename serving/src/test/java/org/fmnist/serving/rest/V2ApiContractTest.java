package org.fmnist.serving.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and error of the Open Inference Protocol (KServe v2) REST API of fmnist serve. */
class V2ApiContractTest {
  private static final float TEMPERATURE = 0.2f;
  @TempDir static Path base;
  @TempDir static Path pendingBase;
  static ModelServer server;
  static ModelServer pending;
  static RestClient client;
  static ImageClassifier reference;
  static FashionTestImages images;

  @BeforeAll
  static void start() throws Exception {
    images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), TEMPERATURE);
    TestModels.exportRenamed(base.resolve("renamed/4"), TEMPERATURE);
    reference = ImageClassifier.load(base.resolve("fashion/1"));
    server = ModelServer.start(ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(4).build(), line -> {});
    client = new RestClient(server.port());
    Files.createDirectories(pendingBase.resolve("waiting"));
    pending = ModelServer.start(ServerConfig.builder(pendingBase).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(4).build(), line -> {});
  }

  @AfterAll
  static void stop() {
    server.close();
    pending.close();
    reference.close();
  }

  @Test
  void healthAndServerMetadata() {
    RestClient.Response live = client.get("/v2/health/live");
    assertEquals(200, live.status());
    assertEquals("", live.body());
    assertEquals(200, client.get("/v2/health/ready").status());
    JsonNode metadata = client.get("/v2").json();
    assertEquals("fmnist", metadata.get("name").asText());
    assertTrue(metadata.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), metadata.toString());
    assertEquals("[\"binary_tensor_data\"]", metadata.get("extensions").toString());
  }

  @Test
  void aServerWithAModelNotLoadedYetIsLiveButNotReady() {
    RestClient pendingClient = new RestClient(pending.port());
    assertEquals(200, pendingClient.get("/v2/health/live").status());
    RestClient.Response ready = pendingClient.get("/v2/health/ready");
    assertEquals(400, ready.status());
    assertTrue(ready.error().contains("not ready"), ready.body());
    assertEquals(400, pendingClient.get("/v2/models/waiting/ready").status());
    RestClient.Response infer = pendingClient.post("/v2/models/waiting/infer", inferBody(new int[] {0}, "FP32", null));
    assertEquals(400, infer.status());
    assertEquals("model 'waiting' is not ready: no version loaded yet", infer.error());
  }

  @Test
  void modelMetadataGivesNamesDatatypesAndShapesWithMinusOneForTheBatch() throws Exception {
    JsonNode expected =
        RestClient.JSON.readTree(
            "{\"name\": \"fashion\", \"versions\": [\"1\"], \"platform\": \"tensorflow_savedmodel\","
                + " \"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [-1, 28, 28, 1]}],"
                + " \"outputs\": [{\"name\": \"class_id\", \"datatype\": \"INT64\", \"shape\": [-1]},"
                + " {\"name\": \"probabilities\", \"datatype\": \"FP32\", \"shape\": [-1, 10]}]}");
    assertEquals(expected, client.get("/v2/models/fashion").json());
    assertEquals(expected, client.get("/v2/models/fashion/versions/1").json());
    JsonNode renamed = client.get("/v2/models/renamed").json();
    assertEquals("[\"4\"]", renamed.get("versions").toString());
    assertEquals("[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[-1,28,28]}]", renamed.get("inputs").toString());
    assertEquals("INT32", renamed.at("/outputs/0/datatype").asText());
  }

  @Test
  void modelReadiness() {
    assertEquals(200, client.get("/v2/models/fashion/ready").status());
    assertEquals(200, client.get("/v2/models/fashion/versions/1/ready").status());
    RestClient.Response other = client.get("/v2/models/fashion/versions/2/ready");
    assertEquals(400, other.status());
    assertEquals("model 'fashion' version 2 is not ready", other.error());
    RestClient.Response unknown = client.get("/v2/models/nothing/ready");
    assertEquals(404, unknown.status());
    assertEquals("Request for unknown model: 'nothing' is not found", unknown.error());
  }

  @Test
  void inferWithFlatDataAnswersEveryOutputAndEchoesTheId() {
    int[] indexes = {0, 1, 2};
    RestClient.Response response = client.post("/v2/models/fashion/infer", inferBody(indexes, "FP32", "\"id\": \"req-7\""));
    assertEquals(200, response.status(), response.body());
    assertEquals("application/json", response.contentType());
    JsonNode json = response.json();
    assertEquals("fashion", json.get("model_name").asText());
    assertEquals("1", json.get("model_version").asText());
    assertEquals("req-7", json.get("id").asText());
    JsonNode outputs = json.get("outputs");
    assertEquals("class_id", outputs.at("/0/name").asText());
    assertEquals("INT64", outputs.at("/0/datatype").asText());
    assertEquals("[3]", outputs.at("/0/shape").toString());
    assertEquals("probabilities", outputs.at("/1/name").asText());
    assertEquals("FP32", outputs.at("/1/datatype").asText());
    assertEquals("[3,10]", outputs.at("/1/shape").toString());
    float[] probabilities = RestClient.floats(outputs.at("/1/data"));
    List<Prediction> expected = reference.predictBatch(batch(indexes));
    for (int i = 0; i < indexes.length; i++) {
      assertEquals(expected.get(i).classId(), outputs.at("/0/data/" + i).asInt());
      float[] row = new float[10];
      System.arraycopy(probabilities, i * 10, row, 0, 10);
      assertArrayEquals(expected.get(i).probabilities(), row, 1e-7f);
    }
  }

  @Test
  void inferTakesNestedDataAndReturnsOnlyTheOutputsAskedFor() {
    String body =
        "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [1, 28, 28, 1], \"data\": ["
            + RestClient.imageJson(images.floats(5), true) + "]}], \"outputs\": [{\"name\": \"probabilities\"}]}";
    JsonNode json = client.post("/v2/models/fashion/versions/1/infer", body).json();
    assertEquals(1, json.get("outputs").size());
    assertTrue(json.get("id") == null, "no id asked, none answered");
    assertArrayEquals(reference.predict(images.floats(5)).probabilities(), RestClient.floats(json.at("/outputs/0/data")), 1e-7f);
  }

  @Test
  void inferWithBinaryTensorDataBothWays() throws Exception {
    int[] indexes = {3, 4};
    ByteBuffer pixels = ByteBuffer.allocate(indexes.length * FashionTestImages.PIXELS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int index : indexes) {
      for (float v : images.floats(index)) {
        pixels.putFloat(v);
      }
    }
    byte[] header =
        ("{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [2, 28, 28, 1], \"parameters\": {\"binary_data_size\": "
                + pixels.capacity() + "}}], \"parameters\": {\"binary_data_output\": true}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = ByteBuffer.allocate(header.length + pixels.capacity()).put(header).put(pixels.array()).array();
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v2/models/fashion/infer"))
                    .header("Inference-Header-Content-Length", Integer.toString(header.length))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    JsonNode json = RestClient.JSON.readTree(new String(response.body(), 0, jsonLength, StandardCharsets.UTF_8));
    assertEquals(16, json.at("/outputs/0/parameters/binary_data_size").asInt());
    assertEquals(80, json.at("/outputs/1/parameters/binary_data_size").asInt());
    assertEquals(jsonLength + 16 + 80, response.body().length);
    ByteBuffer data = ByteBuffer.wrap(response.body(), jsonLength, 96).order(ByteOrder.LITTLE_ENDIAN);
    List<Prediction> expected = reference.predictBatch(batch(indexes));
    assertEquals(expected.get(0).classId(), data.getLong());
    assertEquals(expected.get(1).classId(), data.getLong());
    for (Prediction prediction : expected) {
      for (float p : prediction.probabilities()) {
        assertEquals(p, data.getFloat(), 1e-7f);
      }
    }
  }

  @Test
  void aModelWithOtherNamesAnswersWithItsOwn() {
    String body =
        "{\"inputs\": [{\"name\": \"pixels\", \"datatype\": \"FP32\", \"shape\": [1, 28, 28], \"data\": "
            + floats(images.floats(9)) + "}], \"outputs\": [{\"name\": \"label_index\"}]}";
    JsonNode json = client.post("/v2/models/renamed/infer", body).json();
    assertEquals("4", json.get("model_version").asText());
    assertEquals("INT32", json.at("/outputs/0/datatype").asText());
    assertEquals(reference.predict(images.floats(9)).classId(), json.at("/outputs/0/data/0").asInt());
  }

  @Test
  void errorsHaveTheProtocolsStatusAndAnErrorBody() {
    String image = floats(images.floats(0));
    assertError(404, "Request for unknown model: 'nothing' is not found", client.post("/v2/models/nothing/infer", inferBody(new int[] {0}, "FP32", null)));
    assertError(404, "Request for unknown model: 'fashion' version 9 is not found", client.get("/v2/models/fashion/versions/9"));
    assertError(400, "model version must be a number, not 'latest'", client.get("/v2/models/fashion/versions/latest"));
    assertError(404, "Not found: GET /v2/repository/index", client.get("/v2/repository/index"));
    assertError(405, "GET /v2/models/fashion/infer: use POST", client.get("/v2/models/fashion/infer"));
    assertError(400, "input 'image' has datatype FP64, the model expects FP32", client.post("/v2/models/fashion/infer", inferBody(new int[] {0}, "FP64", null)));
    assertError(400, "input 'image' expects shape [-1,28,28,1] but got: [1,784]", client.post("/v2/models/fashion/infer",
        "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [1, 784], \"data\": " + image + "}]}"));
    assertError(400, "input 'image' has shape [2,28,28,1] (1568 elements) but 784 values", client.post("/v2/models/fashion/infer",
        "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [2, 28, 28, 1], \"data\": " + image + "}]}"));
    assertError(400, "unexpected inference input 'pixels', the model's inputs are: image", client.post("/v2/models/fashion/infer",
        "{\"inputs\": [{\"name\": \"pixels\", \"datatype\": \"FP32\", \"shape\": [1, 28, 28, 1], \"data\": " + image + "}]}"));
    assertError(400, "unexpected inference output 'logits', the model's outputs are: class_id, probabilities", client.post("/v2/models/fashion/infer",
        "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [1, 28, 28, 1], \"data\": " + image + "}], \"outputs\": [{\"name\": \"logits\"}]}"));
    assertError(400, "the infer request has no 'inputs'", client.post("/v2/models/fashion/infer", "{\"id\": \"x\"}"));
    assertError(400, "each input needs 'name', 'shape' and 'datatype' (input 'image')", client.post("/v2/models/fashion/infer",
        "{\"inputs\": [{\"name\": \"image\", \"data\": [1]}]}"));
    assertError(400, "JSON Value: \"a\" Type: String is not a number", client.post("/v2/models/fashion/infer",
        "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [\"a\"]}]}"));
    RestClient.Response malformed = client.post("/v2/models/fashion/infer", "{\"inputs\": [");
    assertEquals(400, malformed.status());
    assertTrue(malformed.error().startsWith("JSON Parse error: "), malformed.body());
    assertError(400, "Inference-Header-Content-Length 100000 is larger than the body (2 bytes)",
        client.post("/v2/models/fashion/infer", "{}", "Inference-Header-Content-Length", "100000"));
  }

  private static void assertError(int status, String message, RestClient.Response response) {
    assertEquals(status, response.status(), response.body());
    assertEquals("application/json", response.contentType());
    assertEquals(message, response.error());
  }

  private static String inferBody(int[] indexes, String datatype, String extra) {
    List<String> data = new ArrayList<>();
    for (int index : indexes) {
      String values = floats(images.floats(index));
      data.add(values.substring(1, values.length() - 1));
    }
    return "{" + (extra == null ? "" : extra + ", ") + "\"inputs\": [{\"name\": \"image\", \"datatype\": \"" + datatype
        + "\", \"shape\": [" + indexes.length + ", 28, 28, 1], \"data\": [" + String.join(",", data) + "]}]}";
  }

  private static String floats(float[] values) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      json.append(i == 0 ? "" : ",").append(values[i]);
    }
    return json.append(']').toString();
  }

  private static float[][] batch(int[] indexes) {
    return IntStream.of(indexes).mapToObj(images::floats).toArray(float[][]::new);
  }
}
