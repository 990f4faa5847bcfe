package org.fmnist.serving.grpc;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.MethodDescriptor;
import org.fmnist.serving.grpc.kserve.GrpcPredictV2;
import org.fmnist.serving.grpc.kserve.ModelInferRequest;
import org.fmnist.serving.grpc.kserve.ModelInferResponse;
import org.fmnist.serving.grpc.kserve.ModelMetadataRequest;
import org.fmnist.serving.grpc.kserve.ModelMetadataResponse;
import org.fmnist.serving.grpc.kserve.ModelReadyRequest;
import org.fmnist.serving.grpc.kserve.ModelReadyResponse;
import org.fmnist.serving.grpc.kserve.ServerLiveRequest;
import org.fmnist.serving.grpc.kserve.ServerLiveResponse;
import org.fmnist.serving.grpc.kserve.ServerMetadataRequest;
import org.fmnist.serving.grpc.kserve.ServerMetadataResponse;
import org.fmnist.serving.grpc.kserve.ServerReadyRequest;
import org.fmnist.serving.grpc.kserve.ServerReadyResponse;

/**
 * The unary methods of the Open Inference Protocol's {@code inference.GRPCInferenceService}, for
 * servers and clients alike, declared from the service protoc compiled as {@link TfServingMethods}
 * declares TF Serving's.
 */
public final class KServeMethods {
  public static final ServiceDescriptor SERVICE = GrpcPredictV2.getDescriptor().findServiceByName("GRPCInferenceService");

  public static final MethodDescriptor<ServerLiveRequest, ServerLiveResponse> SERVER_LIVE =
      TfServingMethods.unary(SERVICE, "ServerLive", ServerLiveRequest.getDefaultInstance(), ServerLiveResponse.getDefaultInstance());
  public static final MethodDescriptor<ServerReadyRequest, ServerReadyResponse> SERVER_READY =
      TfServingMethods.unary(SERVICE, "ServerReady", ServerReadyRequest.getDefaultInstance(), ServerReadyResponse.getDefaultInstance());
  public static final MethodDescriptor<ModelReadyRequest, ModelReadyResponse> MODEL_READY =
      TfServingMethods.unary(SERVICE, "ModelReady", ModelReadyRequest.getDefaultInstance(), ModelReadyResponse.getDefaultInstance());
  public static final MethodDescriptor<ServerMetadataRequest, ServerMetadataResponse> SERVER_METADATA =
      TfServingMethods.unary(SERVICE, "ServerMetadata", ServerMetadataRequest.getDefaultInstance(), ServerMetadataResponse.getDefaultInstance());
  public static final MethodDescriptor<ModelMetadataRequest, ModelMetadataResponse> MODEL_METADATA =
      TfServingMethods.unary(SERVICE, "ModelMetadata", ModelMetadataRequest.getDefaultInstance(), ModelMetadataResponse.getDefaultInstance());
  public static final MethodDescriptor<ModelInferRequest, ModelInferResponse> MODEL_INFER =
      TfServingMethods.unary(SERVICE, "ModelInfer", ModelInferRequest.getDefaultInstance(), ModelInferResponse.getDefaultInstance());

  private KServeMethods() {}
}
