package org.fmnist.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.TextFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.config.tfserving.ModelServerConfig;
import org.fmnist.serving.grpc.tfserving.GetModelStatusRequest;
import org.fmnist.serving.grpc.tfserving.ModelVersionStatus;
import org.fmnist.serving.grpc.tfserving.ReloadConfigRequest;
import org.fmnist.serving.grpc.tfserving.ReloadConfigResponse;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.RestClient;
import org.fmnist.serving.rest.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.error.Code;

/** ModelService.HandleReloadConfigRequest: a new model list is served (REST and gRPC) once the call answers; a bad one changes nothing. */
class ReloadConfigTest {
  @TempDir Path base;
  @TempDir Path other;
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  private static ReloadConfigRequest request(String modelConfigList) throws TextFormat.ParseException {
    ModelServerConfig.Builder config = ModelServerConfig.newBuilder();
    TextFormat.getParser().merge(modelConfigList, config);
    return ReloadConfigRequest.newBuilder().setConfig(config).build();
  }

  @Test
  void aReloadedModelListIsServedWhenTheCallAnswersAndABadOneChangesNothing() throws Exception {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    TestModels.exportStandard(other.resolve("shoes/1"), 0.05f);
    TestModels.exportStandard(other.resolve("shoes/2"), 0.5f);
    ServerConfig config = ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(4).build();
    float[] image = FashionTestImages.load().floats(5);
    try (ImageClassifier shoes1 = ImageClassifier.load(other.resolve("shoes/1"));
        ModelServer server = ModelServer.start(config, Optional.of(new GrpcConfig(0, 4 << 20)), log::add);
        GrpcClient client = new GrpcClient(server.grpcPort().orElseThrow())) {
      RestClient rest = new RestClient(server.port());
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(client.channel());
      assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder().setService("fashion").build()).getStatus());

      String shoes =
          "model_config_list { config { name: \"shoes\" base_path: \"" + other.resolve("shoes") + "\" model_platform: \"tensorflow\""
              + " model_version_policy { specific { versions: 1 } } } }";
      ReloadConfigResponse reloaded = client.call(TfServingMethods.HANDLE_RELOAD_CONFIG_REQUEST, request(shoes));
      assertEquals(Code.OK, reloaded.getStatus().getErrorCode());

      // served as soon as the call has answered, over gRPC and REST; fashion is no longer listed
      List<ModelVersionStatus> versions =
          client.call(TfServingMethods.GET_MODEL_STATUS, GetModelStatusRequest.newBuilder().setModelSpec(GrpcClient.spec("shoes")).build()).getModelVersionStatusList();
      assertEquals(1, versions.size());
      assertEquals(1, versions.get(0).getVersion());
      assertEquals(ModelVersionStatus.State.AVAILABLE, versions.get(0).getState());
      TensorProto probabilities =
          client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("shoes"), "image", GrpcClient.images(new float[][] {image}, true)))
              .getOutputsOrThrow("probabilities");
      Prediction expected = shoes1.predict(image);
      for (int c = 0; c < 10; c++) {
        assertEquals(expected.probabilities()[c], probabilities.getFloatVal(c), 1e-6f);
      }
      assertEquals(200, rest.get("/v1/models/shoes").status());
      assertEquals(404, rest.get("/v1/models/fashion").status());
      assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder().setService("shoes").build()).getStatus());
      StatusRuntimeException gone =
          assertThrows(StatusRuntimeException.class, () -> health.check(HealthCheckRequest.newBuilder().setService("fashion").build()));
      assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());

      String withHats =
          "model_config_list { config { name: \"shoes\" base_path: \"" + other.resolve("shoes") + "\" }"
              + " config { name: \"hats\" base_path: \"" + other.resolve("hats") + "\" } }";
      assertRefused("ReloadConfigRequest: model 'hats': base_path " + other.resolve("hats") + " is not a folder", request(withHats), client);
      assertRefused(
          "ReloadConfigRequest: model 'shoes' is listed twice",
          request("model_config_list { config { name: \"shoes\" base_path: \"/a\" } config { name: \"shoes\" base_path: \"/b\" } }"),
          client);
      assertRefused(
          "ServerModelConfig type not supported by HandleReloadConfigRequest. Only ModelConfigList is currently supported",
          ReloadConfigRequest.getDefaultInstance(),
          client);
      // nothing of the refused lists was applied: shoes still serves only version 1 (the refused list's policy would take 2)
      assertEquals("1", rest.get("/v1/models/shoes").json().at("/model_version_status/0/version").asText());
      assertEquals(1, rest.get("/v1/models/shoes").json().get("model_version_status").size());
      assertEquals(404, rest.get("/v1/models/hats").status());
    }
  }

  private static void assertRefused(String message, ReloadConfigRequest request, GrpcClient client) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.call(TfServingMethods.HANDLE_RELOAD_CONFIG_REQUEST, request));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.toString());
    assertEquals(message, e.getStatus().getDescription());
  }
}
