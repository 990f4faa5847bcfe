package org.fmnist.serving.grpc;

import io.grpc.ServerServiceDefinition;
import org.fmnist.serving.grpc.tfserving.GetModelStatusRequest;
import org.fmnist.serving.grpc.tfserving.GetModelStatusResponse;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.grpc.tfserving.ModelVersionStatus;
import org.fmnist.serving.grpc.tfserving.ReloadConfigRequest;
import org.fmnist.serving.grpc.tfserving.ReloadConfigResponse;
import org.fmnist.serving.grpc.tfserving.StatusProto;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ServedModel;
import org.fmnist.serving.models.VersionStatus;
import org.tensorflow.proto.error.Code;

/**
 * TensorFlow Serving's {@code ModelService}: {@code GetModelStatus} reports the versions seen, as
 * the REST status does; {@code HandleReloadConfigRequest} replaces the list of models served, and
 * answers once they are loaded (then {@code afterReload} runs: health is reported anew).
 */
final class ModelStatusApi {
  private final Servables servables;
  private final ModelRepository models;
  private final Runnable afterReload;

  ModelStatusApi(Servables servables, ModelRepository models, Runnable afterReload) {
    this.servables = servables;
    this.models = models;
    this.afterReload = afterReload;
  }

  ServerServiceDefinition service(UnaryCalls calls) {
    return ServerServiceDefinition.builder(TfServingMethods.MODEL_SERVICE.getFullName())
        .addMethod(TfServingMethods.GET_MODEL_STATUS, calls.handler(this::status))
        .addMethod(TfServingMethods.HANDLE_RELOAD_CONFIG_REQUEST, calls.handler(this::reload))
        .build();
  }

  ReloadConfigResponse reload(ReloadConfigRequest request) {
    try {
      models.reload(request.getConfig());
    } catch (IllegalArgumentException e) {
      throw GrpcErrors.invalidArgument(e.getMessage());
    }
    afterReload.run();
    return ReloadConfigResponse.newBuilder().setStatus(StatusProto.newBuilder().setErrorCode(Code.OK)).build();
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
