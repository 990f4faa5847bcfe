package org.fmnist.serving.grpc;

import io.grpc.Context;
import java.util.Map;
import org.fmnist.serving.metrics.RequestLabels;

/**
 * A gRPC call's metrics labels, carried in its {@link Context}: {@link CallLog} puts them there when
 * the call starts (with the API named from the method), the handler fills in the model and version
 * it resolved, and {@link CallLog} counts the call with them when it ends. API names follow the REST
 * ones ({@code predict}, {@code v2_infer}) with a {@code grpc_} or {@code kserve_grpc_} prefix; a
 * method not listed here counts as {@code grpc_unknown}, so a client cannot grow the label set.
 */
final class CallLabels {
  private static final Context.Key<RequestLabels> KEY = Context.key("fmnist-request-labels");
  private static final String TF = "tensorflow.serving.";
  private static final String KSERVE = "inference.GRPCInferenceService/";
  private static final Map<String, String> APIS =
      Map.ofEntries(
          Map.entry(TF + "PredictionService/Predict", "grpc_predict"),
          Map.entry(TF + "PredictionService/Classify", "grpc_classify"),
          Map.entry(TF + "PredictionService/Regress", "grpc_regress"),
          Map.entry(TF + "PredictionService/MultiInference", "grpc_multi_inference"),
          Map.entry(TF + "PredictionService/GetModelMetadata", "grpc_get_model_metadata"),
          Map.entry(TF + "ModelService/GetModelStatus", "grpc_get_model_status"),
          Map.entry(TF + "ModelService/HandleReloadConfigRequest", "grpc_handle_reload_config_request"),
          Map.entry(KSERVE + "ServerLive", "kserve_grpc_server_live"),
          Map.entry(KSERVE + "ServerReady", "kserve_grpc_server_ready"),
          Map.entry(KSERVE + "ServerMetadata", "kserve_grpc_server_metadata"),
          Map.entry(KSERVE + "ModelReady", "kserve_grpc_model_ready"),
          Map.entry(KSERVE + "ModelMetadata", "kserve_grpc_model_metadata"),
          Map.entry(KSERVE + "ModelInfer", "kserve_grpc_infer"),
          Map.entry("grpc.health.v1.Health/Check", "grpc_health_check"),
          Map.entry("grpc.health.v1.Health/Watch", "grpc_health_watch"));

  private CallLabels() {}

  /** Fresh labels for a call to {@code fullMethodName}, with its API filled in. */
  static RequestLabels forMethod(String fullMethodName) {
    RequestLabels labels = new RequestLabels();
    labels.api(APIS.getOrDefault(fullMethodName, "grpc_unknown"));
    return labels;
  }

  static Context attach(Context context, RequestLabels labels) {
    return context.withValue(KEY, labels);
  }

  /** The running call's labels (a throwaway set outside a call, so handlers need not care). */
  static RequestLabels current() {
    RequestLabels labels = KEY.get();
    return labels == null ? new RequestLabels() : labels;
  }
}
