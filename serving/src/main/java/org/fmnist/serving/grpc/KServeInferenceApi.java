package org.fmnist.serving.grpc;

import com.google.protobuf.ByteString;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.ServingVersion;
import org.fmnist.serving.V2Tensors;
import org.fmnist.serving.grpc.kserve.InferTensorContents;
import org.fmnist.serving.grpc.kserve.ModelInferRequest;
import org.fmnist.serving.grpc.kserve.ModelInferResponse;
import org.fmnist.serving.grpc.kserve.ModelMetadataRequest;
import org.fmnist.serving.grpc.kserve.ModelMetadataResponse;
import org.fmnist.serving.grpc.kserve.ModelReadyRequest;
import org.fmnist.serving.grpc.kserve.ModelReadyResponse;
import org.fmnist.serving.grpc.kserve.ServerLiveResponse;
import org.fmnist.serving.grpc.kserve.ServerMetadataResponse;
import org.fmnist.serving.grpc.kserve.ServerReadyResponse;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.models.LoadedVersion;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ServedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The Open Inference Protocol's gRPC form (KServe v2, {@code inference.GRPCInferenceService}) over
 * the served models, as the REST form under {@code /v2} answers it: liveness, readiness, server and
 * model metadata, and {@code ModelInfer} with typed {@code contents} or {@code raw_input_contents};
 * outputs come back as {@code raw_output_contents}, as Triton sends them. NOT_FOUND for an unknown
 * model or version, UNAVAILABLE for a model not loaded yet, INVALID_ARGUMENT for a bad request.
 */
final class KServeInferenceApi {
  private static final String SIGNATURE = "serving_default";

  private final ModelRepository models;

  KServeInferenceApi(ModelRepository models) {
    this.models = models;
  }

  ServerServiceDefinition service(UnaryCalls calls) {
    return ServerServiceDefinition.builder(KServeMethods.SERVICE.getFullName())
        .addMethod(KServeMethods.SERVER_LIVE, calls.handler(request -> ServerLiveResponse.newBuilder().setLive(true).build()))
        .addMethod(KServeMethods.SERVER_READY, calls.handler(request -> ServerReadyResponse.newBuilder().setReady(models.available(true)).build()))
        .addMethod(KServeMethods.MODEL_READY, calls.handler(this::modelReady))
        .addMethod(KServeMethods.SERVER_METADATA, calls.handler(request -> ServerMetadataResponse.newBuilder()
            .setName("fmnist").setVersion(ServingVersion.get()).build()))
        .addMethod(KServeMethods.MODEL_METADATA, calls.handler(this::modelMetadata))
        .addMethod(KServeMethods.MODEL_INFER, calls.handler(this::infer))
        .build();
  }

  private ModelReadyResponse modelReady(ModelReadyRequest request) {
    ServedModel model = model(request.getName());
    try (LoadedVersion.Lease lease = model.lease(version(request.getVersion()))) {
      return ModelReadyResponse.newBuilder().setReady(true).build();
    } catch (ApiException e) {
      return ModelReadyResponse.newBuilder().setReady(false).build();
    }
  }

  private ModelMetadataResponse modelMetadata(ModelMetadataRequest request) {
    try (LoadedVersion.Lease lease = lease(request.getName(), request.getVersion())) {
      SignatureDef signature = signature(lease);
      return ModelMetadataResponse.newBuilder()
          .setName(request.getName())
          .addVersions(Long.toString(lease.version()))
          .setPlatform(V2Tensors.PLATFORM)
          .addAllInputs(tensors(signature.getInputsMap()))
          .addAllOutputs(tensors(signature.getOutputsMap()))
          .build();
    }
  }

  private ModelInferResponse infer(ModelInferRequest request) {
    try (LoadedVersion.Lease lease = lease(request.getModelName(), request.getModelVersion())) {
      SignatureDef signature = signature(lease);
      List<String> outputs = outputs(request, signature);
      Map<String, HostTensor> tensors = lease.backend().run(SIGNATURE, V2Tensors.inputs(inputs(request), signature), outputs);
      ModelInferResponse.Builder response =
          ModelInferResponse.newBuilder().setModelName(request.getModelName()).setModelVersion(Long.toString(lease.version())).setId(request.getId());
      for (String name : outputs) {
        HostTensor tensor = tensors.get(name);
        ModelInferResponse.InferOutputTensor.Builder output =
            response.addOutputsBuilder().setName(name).setDatatype(V2Tensors.datatype(tensor.dtype()));
        for (long dim : tensor.shape()) {
          output.addShape(dim);
        }
        response.addRawOutputContents(ByteString.copyFrom(V2Tensors.raw(tensor)));
      }
      return response.build();
    }
  }

  /** The request's inputs, from {@code raw_input_contents} (one per input, in order) or each one's {@code contents}. */
  private static List<V2Tensors.Input> inputs(ModelInferRequest request) {
    if (request.getInputsCount() == 0) {
      throw GrpcErrors.invalidArgument("the infer request has no inputs");
    }
    boolean raw = request.getRawInputContentsCount() > 0;
    if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
      throw GrpcErrors.invalidArgument(
          "raw_input_contents has " + request.getRawInputContentsCount() + " entries for " + request.getInputsCount() + " inputs");
    }
    List<V2Tensors.Input> inputs = new ArrayList<>();
    for (int i = 0; i < request.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor input = request.getInputs(i);
      long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
      if (raw) {
        if (input.hasContents()) {
          throw GrpcErrors.invalidArgument("input '" + input.getName() + "': contents and raw_input_contents are both given");
        }
        inputs.add(V2Tensors.raw(input.getName(), input.getDatatype(), shape, request.getRawInputContents(i).asReadOnlyByteBuffer()));
      } else {
        inputs.add(typed(input, shape));
      }
    }
    return inputs;
  }

  private static V2Tensors.Input typed(ModelInferRequest.InferInputTensor input, long[] shape) {
    InferTensorContents contents = input.getContents();
    String name = input.getName();
    String datatype = input.getDatatype();
    return switch (datatype) {
      case "FP32" -> new V2Tensors.Input(name, datatype, shape, contents.getFp32ContentsCount(), contents::getFp32Contents);
      case "FP64" -> new V2Tensors.Input(name, datatype, shape, contents.getFp64ContentsCount(), contents::getFp64Contents);
      case "INT32" -> new V2Tensors.Input(name, datatype, shape, contents.getIntContentsCount(), contents::getIntContents);
      case "INT64" -> new V2Tensors.Input(name, datatype, shape, contents.getInt64ContentsCount(), i -> contents.getInt64Contents(i));
      default -> throw GrpcErrors.invalidArgument("datatype " + datatype + " is not supported by fmnist serve (FP32, FP64, INT32, INT64)");
    };
  }

  /** The outputs asked for, each checked, or every output of the signature, sorted. */
  private static List<String> outputs(ModelInferRequest request, SignatureDef signature) {
    TreeSet<String> names = new TreeSet<>(signature.getOutputsMap().keySet());
    if (request.getOutputsCount() == 0) {
      return List.copyOf(names);
    }
    List<String> asked = new ArrayList<>();
    for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
      if (!names.contains(output.getName())) {
        throw GrpcErrors.invalidArgument(
            "unexpected inference output '" + output.getName() + "', the model's outputs are: " + String.join(", ", names));
      }
      asked.add(output.getName());
    }
    return asked;
  }

  private static List<ModelMetadataResponse.TensorMetadata> tensors(Map<String, TensorInfo> tensors) {
    List<ModelMetadataResponse.TensorMetadata> metadata = new ArrayList<>();
    new TreeMap<>(tensors).forEach((name, info) -> metadata.add(ModelMetadataResponse.TensorMetadata.newBuilder()
        .setName(name)
        .setDatatype(V2Tensors.datatype(info.getDtype()))
        .addAllShape(info.getTensorShape().getDimList().stream().map(TensorShapeProto.Dim::getSize).toList())
        .build()));
    return metadata;
  }

  private ServedModel model(String name) {
    if (name.isEmpty()) {
      throw GrpcErrors.invalidArgument("a model name is required");
    }
    ServedModel model = models.find(name).orElseThrow(() -> GrpcErrors.notFound("Request for unknown model: '" + name + "' is not found"));
    CallLabels.current().model(model.name());
    return model;
  }

  private LoadedVersion.Lease lease(String name, String version) {
    ServedModel model = model(name);
    OptionalLong wanted = version(version);
    try {
      LoadedVersion.Lease lease = model.lease(wanted);
      CallLabels.current().version(lease.version());
      return lease;
    } catch (ApiException e) {
      throw wanted.isPresent()
          ? GrpcErrors.notFound("Request for unknown model: '" + name + "' version " + version + " is not found")
          : Status.UNAVAILABLE.withDescription("model '" + name + "' is not ready: no version loaded yet").asRuntimeException();
    }
  }

  private static OptionalLong version(String text) {
    if (text.isEmpty()) {
      return OptionalLong.empty();
    }
    if (!text.matches("\\d{1,18}")) {
      throw GrpcErrors.invalidArgument("model version must be a number, not '" + text + "'");
    }
    return OptionalLong.of(Long.parseLong(text));
  }

  private static SignatureDef signature(LoadedVersion.Lease lease) {
    try {
      return lease.backend().signature(SIGNATURE);
    } catch (IllegalArgumentException e) {
      throw GrpcErrors.failedPrecondition(e.getMessage());
    }
  }
}
