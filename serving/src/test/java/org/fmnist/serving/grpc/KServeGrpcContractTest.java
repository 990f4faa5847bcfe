package org.fmnist.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.grpc.kserve.InferTensorContents;
import org.fmnist.serving.grpc.kserve.ModelInferRequest;
import org.fmnist.serving.grpc.kserve.ModelInferResponse;
import org.fmnist.serving.grpc.kserve.ModelMetadataRequest;
import org.fmnist.serving.grpc.kserve.ModelMetadataResponse;
import org.fmnist.serving.grpc.kserve.ModelReadyRequest;
import org.fmnist.serving.grpc.kserve.ServerLiveRequest;
import org.fmnist.serving.grpc.kserve.ServerMetadataRequest;
import org.fmnist.serving.grpc.kserve.ServerReadyRequest;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every method and error of the KServe v2 gRPC API (inference.GRPCInferenceService) of fmnist serve. */
class KServeGrpcContractTest {
  private static final float TEMPERATURE = 0.2f;
  @TempDir static Path base;
  @TempDir static Path pendingBase;
  static ModelServer server;
  static ModelServer pending;
  static GrpcClient client;
  static GrpcClient pendingClient;
  static ImageClassifier reference;
  static FashionTestImages images;

  @BeforeAll
  static void start() throws Exception {
    images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), TEMPERATURE);
    reference = ImageClassifier.load(base.resolve("fashion/1"));
    server = start(base);
    client = new GrpcClient(server.grpcPort().orElseThrow());
    Files.createDirectories(pendingBase.resolve("waiting"));
    pending = start(pendingBase);
    pendingClient = new GrpcClient(pending.grpcPort().orElseThrow());
  }

  private static ModelServer start(Path folder) {
    ServerConfig config = ServerConfig.builder(folder).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(1 << 20).threads(4).build();
    return ModelServer.start(config, Optional.of(new GrpcConfig(0, 1 << 20)), line -> {});
  }

  @AfterAll
  static void stop() throws InterruptedException {
    client.close();
    pendingClient.close();
    server.close();
    pending.close();
    reference.close();
  }

  @Test
  void healthReadinessAndServerMetadata() {
    assertTrue(client.call(KServeMethods.SERVER_LIVE, ServerLiveRequest.getDefaultInstance()).getLive());
    assertTrue(client.call(KServeMethods.SERVER_READY, ServerReadyRequest.getDefaultInstance()).getReady());
    assertEquals("fmnist", client.call(KServeMethods.SERVER_METADATA, ServerMetadataRequest.getDefaultInstance()).getName());
    assertTrue(client.call(KServeMethods.MODEL_READY, ModelReadyRequest.newBuilder().setName("fashion").build()).getReady());
    assertTrue(client.call(KServeMethods.MODEL_READY, ModelReadyRequest.newBuilder().setName("fashion").setVersion("1").build()).getReady());
    assertFalse(client.call(KServeMethods.MODEL_READY, ModelReadyRequest.newBuilder().setName("fashion").setVersion("2").build()).getReady());
    assertStatus(Status.Code.NOT_FOUND, "Request for unknown model: 'shoes' is not found",
        () -> client.call(KServeMethods.MODEL_READY, ModelReadyRequest.newBuilder().setName("shoes").build()));

    assertTrue(pendingClient.call(KServeMethods.SERVER_LIVE, ServerLiveRequest.getDefaultInstance()).getLive());
    assertFalse(pendingClient.call(KServeMethods.SERVER_READY, ServerReadyRequest.getDefaultInstance()).getReady());
    assertFalse(pendingClient.call(KServeMethods.MODEL_READY, ModelReadyRequest.newBuilder().setName("waiting").build()).getReady());
    assertStatus(Status.Code.UNAVAILABLE, "model 'waiting' is not ready: no version loaded yet",
        () -> pendingClient.call(KServeMethods.MODEL_INFER, rawRequest("waiting", new int[] {0})));
  }

  @Test
  void modelMetadataGivesNamesDatatypesAndShapes() {
    ModelMetadataResponse metadata = client.call(KServeMethods.MODEL_METADATA, ModelMetadataRequest.newBuilder().setName("fashion").build());
    assertEquals("fashion", metadata.getName());
    assertEquals(List.of("1"), metadata.getVersionsList());
    assertEquals("tensorflow_savedmodel", metadata.getPlatform());
    assertEquals(1, metadata.getInputsCount());
    assertEquals("image", metadata.getInputs(0).getName());
    assertEquals("FP32", metadata.getInputs(0).getDatatype());
    assertEquals(List.of(-1L, 28L, 28L, 1L), metadata.getInputs(0).getShapeList());
    assertEquals(List.of("class_id", "probabilities"), metadata.getOutputsList().stream().map(ModelMetadataResponse.TensorMetadata::getName).toList());
    assertEquals("INT64", metadata.getOutputs(0).getDatatype());
    assertEquals(List.of(-1L, 10L), metadata.getOutputs(1).getShapeList());
    assertStatus(Status.Code.NOT_FOUND, "Request for unknown model: 'fashion' version 3 is not found",
        () -> client.call(KServeMethods.MODEL_METADATA, ModelMetadataRequest.newBuilder().setName("fashion").setVersion("3").build()));
  }

  @Test
  void inferWithRawContentsAnswersRawOutputsEqualToTheInProcessClassifier() {
    int[] indexes = {0, 1, 2};
    ModelInferResponse response = client.call(KServeMethods.MODEL_INFER, rawRequest("fashion", indexes).toBuilder().setId("r9").build());
    assertEquals("fashion", response.getModelName());
    assertEquals("1", response.getModelVersion());
    assertEquals("r9", response.getId());
    assertEquals(List.of("class_id", "probabilities"), response.getOutputsList().stream().map(ModelInferResponse.InferOutputTensor::getName).toList());
    assertEquals("INT64", response.getOutputs(0).getDatatype());
    assertEquals(List.of(3L, 10L), response.getOutputs(1).getShapeList());
    ByteBuffer classes = response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer probabilities = response.getRawOutputContents(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    List<Prediction> batch = reference.predictBatch(IntStream.of(indexes).mapToObj(images::floats).toArray(float[][]::new));
    for (Prediction expected : batch) {
      assertEquals(expected.classId(), classes.getLong());
      float[] row = new float[10];
      probabilities.asFloatBuffer().get(row);
      probabilities.position(probabilities.position() + 40);
      assertArrayEquals(expected.probabilities(), row, 1e-7f);
    }
  }

  @Test
  void inferWithTypedContentsAndOneOutputAskedFor() {
    InferTensorContents.Builder contents = InferTensorContents.newBuilder();
    for (float v : images.floats(7)) {
      contents.addFp32Contents(v);
    }
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("fashion")
            .setModelVersion("1")
            .addInputs(input("FP32", 1).setContents(contents))
            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("probabilities"))
            .build();
    ModelInferResponse response = client.call(KServeMethods.MODEL_INFER, request);
    assertEquals(1, response.getOutputsCount());
    float[] row = new float[10];
    response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(row);
    assertArrayEquals(reference.predict(images.floats(7)).probabilities(), row, 1e-7f);
  }

  @Test
  void errorsHaveTheirStatusCodes() {
    assertStatus(Status.Code.NOT_FOUND, "Request for unknown model: 'shoes' is not found",
        () -> client.call(KServeMethods.MODEL_INFER, rawRequest("shoes", new int[] {0})));
    assertStatus(Status.Code.INVALID_ARGUMENT, "model version must be a number, not 'latest'",
        () -> client.call(KServeMethods.MODEL_INFER, rawRequest("fashion", new int[] {0}).toBuilder().setModelVersion("latest").build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "input 'image' has datatype FP64, the model expects FP32",
        () -> client.call(KServeMethods.MODEL_INFER, ModelInferRequest.newBuilder().setModelName("fashion")
            .addInputs(input("FP64", 1).setContents(InferTensorContents.newBuilder().addFp64Contents(0))).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "input 'image' has shape [1,28,28,1] (784 elements) but 3 values",
        () -> client.call(KServeMethods.MODEL_INFER, ModelInferRequest.newBuilder().setModelName("fashion")
            .addInputs(input("FP32", 1).setContents(InferTensorContents.newBuilder().addFp32Contents(0).addFp32Contents(0).addFp32Contents(0))).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "raw_input_contents has 2 entries for 1 inputs",
        () -> client.call(KServeMethods.MODEL_INFER, rawRequest("fashion", new int[] {0}).toBuilder().addRawInputContents(ByteString.EMPTY).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "unexpected inference output 'logits', the model's outputs are: class_id, probabilities",
        () -> client.call(KServeMethods.MODEL_INFER, rawRequest("fashion", new int[] {0}).toBuilder()
            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logits")).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "the infer request has no inputs",
        () -> client.call(KServeMethods.MODEL_INFER, ModelInferRequest.newBuilder().setModelName("fashion").build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "a model name is required",
        () -> client.call(KServeMethods.MODEL_METADATA, ModelMetadataRequest.getDefaultInstance()));
  }

  private static ModelInferRequest.InferInputTensor.Builder input(String datatype, int count) {
    return ModelInferRequest.InferInputTensor.newBuilder().setName("image").setDatatype(datatype).addShape(count).addShape(28).addShape(28).addShape(1);
  }

  private static ModelInferRequest rawRequest(String model, int[] indexes) {
    ByteBuffer raw = ByteBuffer.allocate(indexes.length * FashionTestImages.PIXELS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int index : indexes) {
      for (float v : images.floats(index)) {
        raw.putFloat(v);
      }
    }
    return ModelInferRequest.newBuilder()
        .setModelName(model)
        .addInputs(input("FP32", indexes.length))
        .addRawInputContents(ByteString.copyFrom(raw.flip()))
        .build();
  }

  private static void assertStatus(Status.Code code, String message, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertEquals(message, e.getStatus().getDescription());
  }
}
