package org.fmnist.serving.grpc;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.protobuf.ProtoUtils;
import org.fmnist.serving.grpc.tfserving.ClassificationRequest;
import org.fmnist.serving.grpc.tfserving.ClassificationResponse;
import org.fmnist.serving.grpc.tfserving.GetModelMetadataRequest;
import org.fmnist.serving.grpc.tfserving.GetModelMetadataResponse;
import org.fmnist.serving.grpc.tfserving.GetModelStatusRequest;
import org.fmnist.serving.grpc.tfserving.GetModelStatusResponse;
import org.fmnist.serving.grpc.tfserving.ModelServiceProtos;
import org.fmnist.serving.grpc.tfserving.MultiInferenceRequest;
import org.fmnist.serving.grpc.tfserving.MultiInferenceResponse;
import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.fmnist.serving.grpc.tfserving.PredictResponse;
import org.fmnist.serving.grpc.tfserving.PredictionServiceProtos;
import org.fmnist.serving.grpc.tfserving.RegressionRequest;
import org.fmnist.serving.grpc.tfserving.RegressionResponse;
import org.fmnist.serving.grpc.tfserving.ReloadConfigRequest;
import org.fmnist.serving.grpc.tfserving.ReloadConfigResponse;

/**
 * The unary methods of TensorFlow Serving's {@code PredictionService} and {@code ModelService},
 * for servers and clients alike. They are declared here from the services protoc compiled (each
 * checked against its proto's name and types when this class loads), because
 * protoc-gen-grpc-java, which would write them, is not served for this machine.
 */
public final class TfServingMethods {
  public static final ServiceDescriptor PREDICTION_SERVICE =
      PredictionServiceProtos.getDescriptor().findServiceByName("PredictionService");
  public static final ServiceDescriptor MODEL_SERVICE = ModelServiceProtos.getDescriptor().findServiceByName("ModelService");

  public static final MethodDescriptor<ClassificationRequest, ClassificationResponse> CLASSIFY =
      unary(PREDICTION_SERVICE, "Classify", ClassificationRequest.getDefaultInstance(), ClassificationResponse.getDefaultInstance());
  public static final MethodDescriptor<RegressionRequest, RegressionResponse> REGRESS =
      unary(PREDICTION_SERVICE, "Regress", RegressionRequest.getDefaultInstance(), RegressionResponse.getDefaultInstance());
  public static final MethodDescriptor<PredictRequest, PredictResponse> PREDICT =
      unary(PREDICTION_SERVICE, "Predict", PredictRequest.getDefaultInstance(), PredictResponse.getDefaultInstance());
  public static final MethodDescriptor<MultiInferenceRequest, MultiInferenceResponse> MULTI_INFERENCE =
      unary(PREDICTION_SERVICE, "MultiInference", MultiInferenceRequest.getDefaultInstance(), MultiInferenceResponse.getDefaultInstance());
  public static final MethodDescriptor<GetModelMetadataRequest, GetModelMetadataResponse> GET_MODEL_METADATA =
      unary(PREDICTION_SERVICE, "GetModelMetadata", GetModelMetadataRequest.getDefaultInstance(), GetModelMetadataResponse.getDefaultInstance());

  public static final MethodDescriptor<GetModelStatusRequest, GetModelStatusResponse> GET_MODEL_STATUS =
      unary(MODEL_SERVICE, "GetModelStatus", GetModelStatusRequest.getDefaultInstance(), GetModelStatusResponse.getDefaultInstance());
  public static final MethodDescriptor<ReloadConfigRequest, ReloadConfigResponse> HANDLE_RELOAD_CONFIG_REQUEST =
      unary(MODEL_SERVICE, "HandleReloadConfigRequest", ReloadConfigRequest.getDefaultInstance(), ReloadConfigResponse.getDefaultInstance());

  private TfServingMethods() {}

  static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
      ServiceDescriptor service, String name, Q request, R response) {
    com.google.protobuf.Descriptors.MethodDescriptor method = service.findMethodByName(name);
    if (method == null
        || method.getInputType() != request.getDescriptorForType()
        || method.getOutputType() != response.getDescriptorForType()) {
      throw new IllegalStateException(service.getFullName() + "/" + name + " does not match its proto");
    }
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service.getFullName(), name))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .setSampledToLocalTracing(true)
        .build();
  }
}
