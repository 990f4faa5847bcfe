package org.fmnist.serving.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.ServingVersion;
import org.fmnist.serving.V2Tensors;
import org.fmnist.serving.metrics.RequestLabels;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.models.LoadedVersion;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ServedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * The Open Inference Protocol (KServe v2) REST API over the served models, as Triton, KServe,
 * Seldon MLServer and OpenVINO Model Server answer it: health, server and model metadata, model
 * readiness and infer (JSON and binary tensor data), with {@code {"error": "..."}} bodies: 400 for a
 * bad request or a model that is not ready, 404 for an unknown model or URL. Each model answers with
 * its {@code serving_default} signature.
 */
final class V2Api implements RestHandler {
  private static final String SIGNATURE = "serving_default";
  private static final String VERSION = ServingVersion.get();

  private final ModelRepository models;

  V2Api(ModelRepository models) {
    this.models = models;
  }

  @Override
  public Reply handle(RestRequest http) throws IOException {
    V2Path request = V2Path.parse(http.method(), http.path());
    RequestLabels labels = http.labels();
    labels.api("v2_" + request.kind().name().toLowerCase(Locale.ROOT));
    return switch (request.kind()) {
      case SERVER_LIVE -> Reply.empty(200);
      case SERVER_READY ->
          models.available(true) ? Reply.empty(200) : Reply.error(ApiException.BAD_REQUEST, "fmnist serve is not ready: not every model has a version loaded");
      case SERVER_METADATA -> Reply.ok(V2Json.serverMetadata(VERSION));
      case MODEL_READY -> modelReady(request, labels);
      case MODEL_METADATA -> {
        try (LoadedVersion.Lease lease = lease(request, labels)) {
          yield Reply.ok(V2Json.modelMetadata(request.model(), lease.version(), TfServingApi.signature(lease, SIGNATURE)));
        }
      }
      case INFER -> infer(request, parse(http), labels);
    };
  }

  private static V2InferRequest parse(RestRequest http) throws IOException {
    return V2InferRequest.parse(http.body(), headerLength(http.header(V2InferResponse.HEADER_LENGTH).orElse(null)));
  }

  private Reply modelReady(V2Path request, RequestLabels labels) {
    ServedModel model = model(request, labels);
    try (LoadedVersion.Lease lease = model.lease(request.version())) {
      return Reply.empty(200);
    } catch (ApiException e) {
      return Reply.error(
          ApiException.BAD_REQUEST,
          "model '" + request.model() + "'" + request.version().stream().mapToObj(v -> " version " + v).findFirst().orElse("")
              + " is not ready");
    }
  }

  private Reply infer(V2Path path, V2InferRequest request, RequestLabels labels) {
    try (LoadedVersion.Lease lease = lease(path, labels)) {
      SignatureDef signature = TfServingApi.signature(lease, SIGNATURE);
      List<V2InferRequest.Output> outputs = outputs(request, signature);
      Map<String, HostTensor> tensors =
          lease.backend().run(SIGNATURE, V2Tensors.inputs(request.inputs(), signature), outputs.stream().map(V2InferRequest.Output::name).toList());
      return V2InferResponse.write(path.model(), lease.version(), request.id(), tensors, outputs);
    }
  }

  /** The outputs asked for (all of the signature's, sorted, when none were), each checked. */
  private static List<V2InferRequest.Output> outputs(V2InferRequest request, SignatureDef signature) {
    TreeSet<String> names = new TreeSet<>(signature.getOutputsMap().keySet());
    if (request.outputs().isEmpty()) {
      List<V2InferRequest.Output> all = new ArrayList<>();
      names.forEach(name -> all.add(new V2InferRequest.Output(name, request.binaryOutputs())));
      return all;
    }
    for (V2InferRequest.Output output : request.outputs()) {
      if (!names.contains(output.name())) {
        throw ApiException.badRequest(
            "unexpected inference output '" + output.name() + "', the model's outputs are: " + String.join(", ", names));
      }
    }
    return request.outputs();
  }

  /** The model the path names (and labelled so for the metrics); 404 when unknown. */
  private ServedModel model(V2Path request, RequestLabels labels) {
    ServedModel model =
        models
            .find(request.model())
            .orElseThrow(() -> ApiException.notFound("Request for unknown model: '" + request.model() + "' is not found"));
    labels.model(model.name());
    return model;
  }

  private LoadedVersion.Lease lease(V2Path request, RequestLabels labels) {
    ServedModel model = model(request, labels);
    try {
      LoadedVersion.Lease lease = model.lease(request.version());
      labels.version(lease.version());
      return lease;
    } catch (ApiException e) {
      throw request.version().isPresent()
          ? ApiException.notFound(
              "Request for unknown model: '" + request.model() + "' version " + request.version().getAsLong() + " is not found")
          : ApiException.badRequest("model '" + request.model() + "' is not ready: no version loaded yet");
    }
  }

  private static int headerLength(String value) {
    if (value == null) {
      return -1;
    }
    if (!value.strip().matches("\\d{1,9}")) {
      throw ApiException.badRequest(V2InferResponse.HEADER_LENGTH + " must be a number of bytes, not '" + value + "'");
    }
    return Integer.parseInt(value.strip());
  }
}
