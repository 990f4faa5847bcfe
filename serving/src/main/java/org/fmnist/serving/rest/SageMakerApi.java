package org.fmnist.serving.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.models.LoadedVersion;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ServedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * Amazon SageMaker's inference container contract over the served models: {@code GET /ping} (200
 * with an empty body once a model version is loaded, else 503) and {@code POST /invocations} (a
 * TensorFlow Serving predict in JSON, jsonlines or CSV, answered in JSON or, when {@code Accept}
 * asks, jsonlines). {@code X-Amzn-SageMaker-Custom-Attributes: tfs-model-name=NAME,
 * tfs-model-version=N} picks the model and version, as in SageMaker's TensorFlow Serving container.
 */
final class SageMakerApi implements RestHandler {
  static final String PING = "/ping";
  static final String INVOCATIONS = "/invocations";
  static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
  private static final ObjectMapper MAPPER = new ObjectMapper(RestJson.FACTORY);

  private final ModelRepository models;

  SageMakerApi(ModelRepository models) {
    this.models = models;
  }

  @Override
  public Reply handle(RestRequest request) throws IOException {
    String path = request.path();
    if (!path.equals(PING) && !path.equals(INVOCATIONS)) {
      throw ApiException.notFound("Not found: " + request.method() + " " + path);
    }
    String expected = path.equals(PING) ? "GET" : "POST";
    if (!request.method().equals(expected)) {
      throw new ApiException(ApiException.METHOD_NOT_ALLOWED, request.method() + " " + path + ": use " + expected);
    }
    request.labels().api(path.equals(PING) ? "sagemaker_ping" : "sagemaker_invocations");
    if (path.equals(PING)) {
      return Reply.empty(models.available(false) ? 200 : 503);
    }
    boolean jsonLines = jsonLinesWanted(request.header("Accept").orElse(null));
    Map<String, String> attributes = attributes(request.header(CUSTOM_ATTRIBUTES).orElse(null));
    ServedModel model = model(attributes.get("tfs-model-name"));
    OptionalLong version = version(attributes.get("tfs-model-version"));
    String tfsMethod = attributes.getOrDefault("tfs-method", "predict");
    if (!tfsMethod.equals("predict")) {
      throw ApiException.badRequest("fmnist serve implements tfs-method=predict only, not " + tfsMethod);
    }
    byte[] answer;
    request.labels().model(model.name());
    try (LoadedVersion.Lease lease = model.lease(version)) {
      request.labels().version(lease.version());
      SignatureDef signature = TfServingApi.signature(lease, "serving_default");
      answer = TfServingApi.predict(lease, SageMakerInput.read(request.header("Content-Type").orElse(null), request.body(), signature));
    }
    return jsonLines ? new Reply(200, SageMakerInput.JSON_LINES, Map.of(), toJsonLines(answer)) : Reply.ok(answer);
  }

  private static boolean jsonLinesWanted(String accept) {
    String type = SageMakerInput.mediaType(accept);
    if (type.equals(SageMakerInput.JSON_LINES)) {
      return true;
    }
    if (type.isEmpty() || type.equals(SageMakerInput.JSON) || type.equals("*/*") || type.equals("application/*")) {
      return false;
    }
    throw new ApiException(
        ApiException.NOT_ACCEPTABLE, "cannot answer Accept '" + accept + "': use " + SageMakerInput.JSON + " or " + SageMakerInput.JSON_LINES);
  }

  /** {@code key=value,key=value} pairs; other text in the header is left to other consumers. */
  private static Map<String, String> attributes(String header) {
    Map<String, String> attributes = new HashMap<>();
    if (header != null) {
      for (String pair : header.split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2) {
          attributes.put(kv[0].strip(), kv[1].strip());
        }
      }
    }
    return attributes;
  }

  private ServedModel model(String name) {
    if (name != null) {
      return models.find(name).orElseThrow(() -> ApiException.notFound("Servable not found for request: Latest(" + name + ")"));
    }
    List<String> names = models.names();
    if (names.size() != 1) {
      throw ApiException.badRequest(
          (names.isEmpty() ? "no model is served yet" : "several models are served (" + String.join(", ", names) + ")")
              + ": choose one with " + CUSTOM_ATTRIBUTES + ": tfs-model-name=NAME");
    }
    return models.find(names.get(0)).orElseThrow();
  }

  private static OptionalLong version(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    if (!text.matches("\\d{1,18}")) {
      throw ApiException.badRequest("tfs-model-version must be a number, not '" + text + "'");
    }
    return OptionalLong.of(Long.parseLong(text));
  }

  /**
   * A {@code {"predictions": [...]}} answer as one compact JSON value per line; a columnar {@code
   * {"outputs": ...}} one as one line.
   */
  private static byte[] toJsonLines(byte[] answer) throws IOException {
    JsonNode document = MAPPER.readTree(answer);
    List<JsonNode> values = new ArrayList<>();
    document.path("predictions").forEach(values::add);
    if (!document.has("predictions")) {
      values.add(document);
    }
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (JsonNode prediction : values) {
      lines.writeBytes(MAPPER.writeValueAsBytes(prediction));
      lines.write('\n');
    }
    return lines.toByteArray();
  }
}
