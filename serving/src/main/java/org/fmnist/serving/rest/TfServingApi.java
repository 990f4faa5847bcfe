package org.fmnist.serving.rest;

import java.io.IOException;
import java.io.InputStream;
import org.tensorflow.proto.SignatureDef;

/**
 * TensorFlow Serving's REST API over the served models: model status, model metadata and
 * predict, with its URLs, JSON shapes and error bodies ({@code {"error": "..."}}, 400 for a bad
 * request, 404 for an unknown model or version).
 */
final class TfServingApi implements RestHandler {
  private final ModelRepository models;

  TfServingApi(ModelRepository models) {
    this.models = models;
  }

  @Override
  public Reply handle(RestRequest request) throws IOException {
    return Reply.json(200, respond(request));
  }

  private byte[] respond(RestRequest request) throws IOException {
    ApiPath path = ApiPath.parse(request.method(), request.path());
    ServedModel model = models.find(path.model()).orElse(null);
    if (model == null) {
      throw ApiException.notFound(
          path.kind() == ApiPath.Kind.STATUS
              ? "Could not find any versions of model " + path.model()
              : "Servable not found for request: Latest(" + path.model() + ")");
    }
    return switch (path.kind()) {
      case STATUS -> ModelJson.status(model.statuses(path.version()));
      case METADATA -> {
        try (LoadedVersion.Lease lease = model.lease(path.version())) {
          yield ModelJson.metadata(model.name(), lease.version(), lease.classifier().backend().signatures());
        }
      }
      case PREDICT -> predict(model, path, readPredictRequest(request));
    };
  }

  private static PredictRequest readPredictRequest(RestRequest request) throws IOException {
    try (InputStream body = request.bodyStream()) {
      return PredictRequest.parse(body);
    }
  }

  private static byte[] predict(ServedModel model, ApiPath path, PredictRequest request) {
    try (LoadedVersion.Lease lease = model.lease(path.version())) {
      return predict(lease, request);
    }
  }

  /** Runs a predict request on a leased version and writes TF Serving's answer (SageMaker's too). */
  static byte[] predict(LoadedVersion.Lease lease, PredictRequest request) {
    String key = request.signatureName();
    SignatureDef signature = signature(lease, key);
    return PredictResponse.write(request.format(), lease.classifier().backend().run(key, InputTensors.of(request, signature)));
  }

  /** The leased version's signature {@code key}; 400 with TF Serving's message when it has none. */
  static SignatureDef signature(LoadedVersion.Lease lease, String key) {
    try {
      return lease.classifier().backend().signature(key);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
