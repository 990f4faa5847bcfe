package org.fmnist.serving.grpc;

import io.grpc.ServerServiceDefinition;
import org.fmnist.serving.grpc.tfserving.GetModelStatusRequest;
import org.fmnist.serving.grpc.tfserving.GetModelStatusResponse;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.grpc.tfserving.ModelVersionStatus;
import org.fmnist.serving.grpc.tfserving.StatusProto;
import org.fmnist.serving.models.ServedModel;
import org.fmnist.serving.models.VersionStatus;
import org.tensorflow.proto.error.Code;

/**
 * TensorFlow Serving's {@code ModelService}: {@code GetModelStatus} reports the versions seen, as
 * the REST status does; {@code HandleReloadConfigRequest} answers UNIMPLEMENTED (a model config
 * comes from the model config file, re-read as it changes).
 */
final class ModelStatusApi {
  private final Servables servables;

  ModelStatusApi(Servables servables) {
    this.servables = servables;
  }

  ServerServiceDefinition service(UnaryCalls calls) {
    return ServerServiceDefinition.builder(TfServingMethods.MODEL_SERVICE.getFullName())
        .addMethod(TfServingMethods.GET_MODEL_STATUS, calls.handler(this::status))
        .addMethod(TfServingMethods.HANDLE_RELOAD_CONFIG_REQUEST, calls.handler(request -> {
          throw GrpcErrors.unimplemented(
              "fmnist serve takes no model config over gRPC: it re-reads its model config file, or scans its base path, for changes");
        }))
        .build();
  }

  GetModelStatusResponse status(GetModelStatusRequest request) {
    ModelSpec spec = request.getModelSpec();
    GetModelStatusResponse.Builder response = GetModelStatusResponse.newBuilder();
    ServedModel model = servables.model(spec, "Could not find any versions of model " + spec.getName());
    for (VersionStatus status : model.statuses(Servables.version(model, spec))) {
      response.addModelVersionStatus(
          ModelVersionStatus.newBuilder()
              .setVersion(status.version())
              .setState(ModelVersionStatus.State.valueOf(status.state().name()))
              .setStatus(StatusProto.newBuilder().setErrorCode(Code.valueOf(status.errorCode())).setErrorMessage(status.errorMessage())));
    }
    return response.build();
  }
}
