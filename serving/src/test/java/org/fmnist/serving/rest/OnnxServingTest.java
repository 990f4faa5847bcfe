package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fmnist.serving.Backend;
import org.fmnist.serving.CentroidOnnx;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fmnist serve with the ONNX Runtime backend answers as with TensorFlow: predictions, metadata, errors. */
class OnnxServingTest {
  @TempDir Path base;

  @Test
  void bothBackendsAnswerAlike() throws Exception {
    Path version = TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    CentroidOnnx.write(version.resolve("model.onnx"), 0.2f);
    FashionTestImages images = FashionTestImages.load();
    String predict = "{\"instances\": [" + imageJson(images.floats(0), true) + "," + imageJson(images.floats(1), true) + "]}";
    String badShape = "{\"instances\": [" + imageJson(images.floats(0), false) + "]}";
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    try (ModelServer tensorflow = start(Backend.TENSORFLOW, log);
        ModelServer onnx = start(Backend.ONNX, log)) {
      RestClient a = new RestClient(tensorflow.port());
      RestClient b = new RestClient(onnx.port());
      assertTrue(log.stream().anyMatch(line -> line.equals("fmnist serve: fashion version 1 loaded from " + version + " (onnx)")), String.join("\n", log));

      JsonNode fromTensorflow = a.post("/v1/models/fashion:predict", predict).json();
      JsonNode fromOnnx = b.post("/v1/models/fashion:predict", predict).json();
      for (int i = 0; i < 2; i++) {
        assertEquals(fromTensorflow.at("/predictions/" + i + "/class_id"), fromOnnx.at("/predictions/" + i + "/class_id"));
        assertArrayEquals(
            RestClient.floats(fromTensorflow.at("/predictions/" + i + "/probabilities")),
            RestClient.floats(fromOnnx.at("/predictions/" + i + "/probabilities")),
            1e-5f);
      }
      assertEquals(a.get("/v1/models/fashion/metadata").json(), b.get("/v1/models/fashion/metadata").json());
      for (String body : List.of(badShape, "{\"signature_name\": \"nope\", \"instances\": [1]}")) {
        RestClient.Response x = a.post("/v1/models/fashion:predict", body);
        RestClient.Response y = b.post("/v1/models/fashion:predict", body);
        assertEquals(400, y.status(), y.body());
        assertEquals(x.status(), y.status());
        assertEquals(x.error(), y.error());
      }
    }
  }

  private ModelServer start(Backend backend, ConcurrentLinkedQueue<String> log) {
    return ModelServer.start(
        ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(2).backend(backend).build(), log::add);
  }
}
