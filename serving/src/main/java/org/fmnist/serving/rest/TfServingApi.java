package org.fmnist.serving.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.fmnist.serving.metrics.RequestLabels;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.models.LoadedVersion;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ServedModel;
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
    request.labels().api(path.kind().name().toLowerCase(Locale.ROOT));
    ServedModel model = models.find(path.model()).orElse(null);
    if (model == null) {
      throw ApiException.notFound(
          path.kind() == ApiPath.Kind.STATUS
              ? "Could not find any versions of model " + path.model()
              : "Servable not found for request: Latest(" + path.model() + ")");
    }
    request.labels().model(model.name());
    path.version().ifPresent(request.labels()::version);
    return switch (path.kind()) {
      case STATUS -> ModelJson.status(model.statuses(path.label().isPresent() ? model.labelled(path.label()) : path.version()));
      case METADATA -> {
        try (LoadedVersion.Lease lease = model.lease(path.version(), path.label())) {
          request.labels().version(lease.version());
          yield ModelJson.metadata(model.name(), lease.version(), lease.backend().signatures());
        }
      }
      case PREDICT -> predict(model, path, readPredictRequest(request), request.labels());
    };
  }

  private static PredictRequest readPredictRequest(RestRequest request) throws IOException {
    try (InputStream body = request.bodyStream()) {
      return PredictRequest.parse(body);
    }
  }

  private static byte[] predict(ServedModel model, ApiPath path, PredictRequest request, RequestLabels labels) {
    try (LoadedVersion.Lease lease = model.lease(path.version(), path.label())) {
      labels.version(lease.version());
      return predict(lease, request);
    }
  }

  /** Runs a predict request on a leased version and writes TF Serving's answer (SageMaker's too). */
  static byte[] predict(LoadedVersion.Lease lease, PredictRequest request) {
    String key = request.signatureName();
    SignatureDef signature = signature(lease, key);
    return PredictResponse.write(request.format(), lease.backend().run(key, InputTensors.of(request, signature)));
  }

  /** The leased version's signature {@code key}; 400 with TF Serving's message when it has none. */
  static SignatureDef signature(LoadedVersion.Lease lease, String key) {
    try {
      return lease.backend().signature(key);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
