package org.fmnist.serving.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.ModelBackend;
import org.fmnist.serving.SignatureInputs;
import org.fmnist.serving.grpc.tfserving.GetModelMetadataRequest;
import org.fmnist.serving.grpc.tfserving.GetModelMetadataResponse;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.fmnist.serving.grpc.tfserving.PredictResponse;
import org.fmnist.serving.grpc.tfserving.SignatureDefMap;
import org.fmnist.serving.models.LoadedVersion;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;

/**
 * TensorFlow Serving's {@code PredictionService}: {@code Predict} and {@code GetModelMetadata} over
 * the served models, with its checks, messages and status codes; {@code Classify}, {@code Regress}
 * and {@code MultiInference} answer UNIMPLEMENTED.
 */
final class PredictionApi {
  static final String DEFAULT_SIGNATURE = "serving_default";
  static final String SIGNATURE_DEF_FIELD = "signature_def";

  private final Servables servables;

  PredictionApi(Servables servables) {
    this.servables = servables;
  }

  ServerServiceDefinition service(UnaryCalls calls) {
    return ServerServiceDefinition.builder(TfServingMethods.PREDICTION_SERVICE.getFullName())
        .addMethod(TfServingMethods.PREDICT, calls.handler(this::predict))
        .addMethod(TfServingMethods.GET_MODEL_METADATA, calls.handler(this::metadata))
        .addMethod(TfServingMethods.CLASSIFY, calls.handler(request -> {
          throw unimplemented("Classify", request.getModelSpec());
        }))
        .addMethod(TfServingMethods.REGRESS, calls.handler(request -> {
          throw unimplemented("Regress", request.getModelSpec());
        }))
        .addMethod(TfServingMethods.MULTI_INFERENCE, calls.handler(request -> {
          throw unimplemented("MultiInference", ModelSpec.getDefaultInstance());
        }))
        .build();
  }

  PredictResponse predict(PredictRequest request) {
    ModelSpec spec = request.getModelSpec();
    try (LoadedVersion.Lease lease = servables.lease(spec)) {
      ModelBackend backend = lease.backend(); // with the version's batch scheduler, when batching is on
      String key = spec.getSignatureName().isEmpty() ? DEFAULT_SIGNATURE : spec.getSignatureName();
      SignatureDef signature = backend.signatures().get(key);
      if (signature == null) {
        throw GrpcErrors.failedPrecondition("Serving signature key \"" + key + "\" not found.");
      }
      Map<String, HostTensor> outputs = backend.run(key, inputs(request, signature), outputNames(request, signature));
      PredictResponse.Builder response =
          PredictResponse.newBuilder()
              .setModelSpec(
                  ModelSpec.newBuilder().setName(spec.getName()).setVersion(Int64Value.of(lease.version())).setSignatureName(key));
      outputs.forEach((name, tensor) -> response.putOutputs(name, TensorProtoEncoder.encode(tensor)));
      return response.build();
    }
  }

  GetModelMetadataResponse metadata(GetModelMetadataRequest request) {
    if (request.getMetadataFieldCount() == 0) {
      throw GrpcErrors.invalidArgument("GetModelMetadataRequest must specify at least one metadata_field");
    }
    for (String field : request.getMetadataFieldList()) {
      if (!field.equals(SIGNATURE_DEF_FIELD)) {
        throw GrpcErrors.invalidArgument("Metadata field " + field + " is not supported");
      }
    }
    ModelSpec spec = request.getModelSpec();
    try (LoadedVersion.Lease lease = servables.lease(spec)) {
      SignatureDefMap signatures = SignatureDefMap.newBuilder().putAllSignatureDef(lease.backend().signatures()).build();
      return GetModelMetadataResponse.newBuilder()
          .setModelSpec(ModelSpec.newBuilder().setName(spec.getName()).setVersion(Int64Value.of(lease.version())))
          .putMetadata(SIGNATURE_DEF_FIELD, Any.pack(signatures))
          .build();
    }
  }

  /** The request's tensors, each checked against and converted to its signature input. */
  private static Map<String, HostTensor> inputs(PredictRequest request, SignatureDef signature) {
    Map<String, TensorInfo> expected = signature.getInputsMap();
    Map<String, TensorProto> given = request.getInputsMap();
    if (given.size() != expected.size()) {
      Set<String> extra = new TreeSet<>(given.keySet());
      extra.removeAll(expected.keySet());
      Set<String> missing = new TreeSet<>(expected.keySet());
      missing.removeAll(given.keySet());
      throw GrpcErrors.invalidArgument(
          "input size does not match signature: " + given.size() + "!=" + expected.size() + " len({"
              + String.join(",", new TreeSet<>(given.keySet())) + "}) != len({" + String.join(",", new TreeSet<>(expected.keySet()))
              + "}). Sent extra: {" + String.join(",", extra) + "}. Missing but required: {" + String.join(",", missing) + "}.");
    }
    Map<String, HostTensor> feeds = new LinkedHashMap<>();
    for (Map.Entry<String, TensorProto> input : new TreeMap<>(given).entrySet()) {
      String name = input.getKey();
      TensorInfo info = expected.get(name);
      if (info == null) {
        throw GrpcErrors.invalidArgument(
            "input tensor alias not found in signature: " + name + ". Inputs expected to be in the set {"
                + String.join(",", new TreeSet<>(expected.keySet())) + "}.");
      }
      HostTensor tensor = TensorProtoDecoder.decode(name, input.getValue());
      SignatureInputs.checkShape(name, info.getTensorShape(), tensor.shape());
      if (tensor.dtype() != info.getDtype()) {
        tensor = SignatureInputs.convert(name, info.getDtype(), tensor.shape(), tensor.size(), tensor::getDouble, "tensor");
      }
      feeds.put(name, tensor);
    }
    return feeds;
  }

  /** The outputs to fetch: {@code output_filter}'s, or every output of the signature. */
  private static List<String> outputNames(PredictRequest request, SignatureDef signature) {
    if (request.getOutputFilterCount() == 0) {
      return signature.getOutputsMap().keySet().stream().sorted().toList();
    }
    List<String> names = new ArrayList<>();
    for (String alias : request.getOutputFilterList()) {
      if (!signature.getOutputsMap().containsKey(alias)) {
        throw GrpcErrors.invalidArgument(
            "output tensor alias not found in signature: " + alias + " Outputs expected to be in the set {"
                + String.join(",", new TreeSet<>(signature.getOutputsMap().keySet())) + "}.");
      }
      if (names.contains(alias)) {
        throw GrpcErrors.invalidArgument("duplicate output tensor alias: " + alias);
      }
      names.add(alias);
    }
    return names;
  }

  private static RuntimeException unimplemented(String method, ModelSpec spec) {
    return GrpcErrors.unimplemented(
        "fmnist serve implements Predict and GetModelMetadata, not " + method
            + (spec.getName().isEmpty() ? "" : " (model " + spec.getName() + ")") + "; call Predict");
  }
}
