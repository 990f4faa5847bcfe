package org.fmnist.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.grpc.tfserving.ClassificationRequest;
import org.fmnist.serving.grpc.tfserving.GetModelMetadataRequest;
import org.fmnist.serving.grpc.tfserving.GetModelMetadataResponse;
import org.fmnist.serving.grpc.tfserving.GetModelStatusRequest;
import org.fmnist.serving.grpc.tfserving.GetModelStatusResponse;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.grpc.tfserving.ModelVersionStatus;
import org.fmnist.serving.grpc.tfserving.MultiInferenceRequest;
import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.fmnist.serving.grpc.tfserving.PredictResponse;
import org.fmnist.serving.grpc.tfserving.RegressionRequest;
import org.fmnist.serving.grpc.tfserving.SignatureDefMap;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.error.Code;

/** Every method and error of TensorFlow Serving's gRPC API that fmnist serve answers. */
class GrpcApiContractTest {
  static final float TEMPERATURE = 0.2f;
  static final int MAX_MESSAGE_BYTES = 1 << 20;
  @TempDir static Path base;
  static ModelServer server;
  static GrpcClient client;
  static ImageClassifier reference;
  static FashionTestImages images;
  static final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), TEMPERATURE);
    TestModels.exportRenamed(base.resolve("renamed/4"), TEMPERATURE);
    reference = ImageClassifier.load(base.resolve("fashion/1"));
    ServerConfig config = ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(64 << 10).threads(4).build();
    server = ModelServer.start(config, Optional.of(new GrpcConfig(0, MAX_MESSAGE_BYTES)), log::add);
    client = new GrpcClient(server.grpcPort().orElseThrow());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    client.close();
    server.close();
    reference.close();
  }

  @Test
  void predictAnswersTheInProcessClassifierOnRealImagesInBothTensorEncodings() {
    float[][] batch = new float[16][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = images.floats(i * 37);
    }
    List<Prediction> expected = reference.predictBatch(batch);
    for (boolean packed : new boolean[] {true, false}) {
      PredictResponse response =
          client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(batch, packed)));
      assertEquals("fashion", response.getModelSpec().getName());
      assertEquals(1, response.getModelSpec().getVersion().getValue());
      assertEquals("serving_default", response.getModelSpec().getSignatureName());
      TensorProto probabilities = response.getOutputsOrThrow("probabilities");
      assertEquals(DataType.DT_FLOAT, probabilities.getDtype());
      assertEquals(GrpcClient.shape(batch.length, 10), probabilities.getTensorShape());
      TensorProto classIds = response.getOutputsOrThrow("class_id");
      assertEquals(DataType.DT_INT64, classIds.getDtype());
      for (int i = 0; i < batch.length; i++) {
        assertEquals(expected.get(i).classId(), classIds.getInt64Val(i));
        float[] p = expected.get(i).probabilities();
        for (int c = 0; c < p.length; c++) {
          assertEquals(p[c], probabilities.getFloatVal(i * 10 + c), 1e-6f);
        }
      }
    }
    assertTrue(log.stream().anyMatch(line -> line.matches(".* 127\\.0\\.0\\.1 \"GRPC /tensorflow.serving.PredictionService/Predict\" OK \\d+B [\\d.]+ms")), log.toString());
  }

  @Test
  void predictTakesDoubleAndIntegerTensorsForAFloatInputAsRestDoes() {
    float[] image = images.floats(3);
    float[] binary = new float[image.length];
    TensorProto.Builder doubles = TensorProto.newBuilder().setDtype(DataType.DT_DOUBLE).setTensorShape(GrpcClient.shape(1, 28, 28, 1));
    TensorProto.Builder ints = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(GrpcClient.shape(1, 28, 28, 1));
    TensorProto.Builder longs = TensorProto.newBuilder().setDtype(DataType.DT_INT64).setTensorShape(GrpcClient.shape(1, 28, 28, 1));
    for (int p = 0; p < image.length; p++) {
      doubles.addDoubleVal(image[p]);
      binary[p] = image[p] > 0.5f ? 1 : 0;
      ints.addIntVal((int) binary[p]);
      longs.addInt64Val((long) binary[p]);
    }
    assertProbabilities(reference.predict(image), predict(doubles.build()));
    assertProbabilities(reference.predict(binary), predict(ints.build()));
    assertProbabilities(reference.predict(binary), predict(longs.build()));
  }

  @Test
  void fewerTypedValuesThanTheShapeHoldsRepeatTheLastAsTensorFlowReadsThem() {
    TensorProto allHalf =
        TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(GrpcClient.shape(2, 28, 28, 1)).addFloatVal(0.5f).build();
    float[] half = new float[784];
    Arrays.fill(half, 0.5f);
    TensorProto probabilities = predict(allHalf);
    List<Prediction> expected = reference.predictBatch(new float[][] {half, half});
    for (int c = 0; c < 20; c++) {
      assertEquals(expected.get(c / 10).probabilities()[c % 10], probabilities.getFloatVal(c), 1e-6f);
    }
  }

  @Test
  void predictNamesAVersionAndASignatureAndFiltersOutputs() {
    float[] image = images.floats(5);
    PredictRequest request =
        PredictRequest.newBuilder()
            .setModelSpec(ModelSpec.newBuilder(GrpcClient.spec("renamed", 4)).setSignatureName("logits_only"))
            .putInputs("pixels", GrpcClient.floats(new long[] {1, 28, 28}, new float[][] {image}, true))
            .build();
    PredictResponse logits = client.call(TfServingMethods.PREDICT, request);
    assertEquals(List.of("logits"), List.copyOf(logits.getOutputsMap().keySet()));
    assertEquals(4, logits.getModelSpec().getVersion().getValue());
    assertEquals("logits_only", logits.getModelSpec().getSignatureName());

    PredictRequest filtered =
        PredictRequest.newBuilder()
            .setModelSpec(GrpcClient.spec("renamed"))
            .putInputs("pixels", GrpcClient.floats(new long[] {1, 28, 28}, new float[][] {image}, false))
            .addOutputFilter("label_index")
            .build();
    TensorProto labels = client.call(TfServingMethods.PREDICT, filtered).getOutputsOrThrow("label_index");
    assertEquals(DataType.DT_INT32, labels.getDtype());
    assertEquals(reference.predict(image).classId(), labels.getIntVal(0));
  }

  @Test
  void predictRefusalsCarryTensorFlowServingsCodesAndMessages() {
    float[][] one = {images.floats(0)};
    TensorProto image = GrpcClient.images(one, true);
    assertRefused(Status.Code.NOT_FOUND, "Servable not found for request: Latest(shoes)",
        TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("shoes"), "image", image));
    assertRefused(Status.Code.NOT_FOUND, "Servable not found for request: Specific(fashion, 7)",
        TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion", 7), "image", image));
    assertRefused(Status.Code.INVALID_ARGUMENT, "Missing ModelSpec (a model name is required)",
        TfServingMethods.PREDICT, PredictRequest.newBuilder().putInputs("image", image).build());
    assertRefused(Status.Code.NOT_FOUND, "Unrecognized servable version label: stable",
        TfServingMethods.PREDICT, GrpcClient.predict(ModelSpec.newBuilder().setName("fashion").setVersionLabel("stable").build(), "image", image));
    assertRefused(Status.Code.FAILED_PRECONDITION, "Serving signature key \"nope\" not found.",
        TfServingMethods.PREDICT,
        GrpcClient.predict(ModelSpec.newBuilder().setName("fashion").setSignatureName("nope").build(), "image", image));
    assertRefused(Status.Code.INVALID_ARGUMENT, "input 'image' expects shape [-1,28,28,1] but got: [1,28,28]",
        TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.floats(new long[] {1, 28, 28}, one, true)));
    assertRefused(Status.Code.INVALID_ARGUMENT, "input tensor alias not found in signature: pixels. Inputs expected to be in the set {image}.",
        TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "pixels", image));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input size does not match signature: 0!=1 len({}) != len({image}). Sent extra: {}. Missing but required: {image}.",
        TfServingMethods.PREDICT, PredictRequest.newBuilder().setModelSpec(GrpcClient.spec("fashion")).build());
    assertRefused(Status.Code.INVALID_ARGUMENT, "input 'image' of shape [2,28,28,1] and DT_FLOAT needs 6272 bytes of tensor_content, got 3136",
        TfServingMethods.PREDICT,
        GrpcClient.predict(GrpcClient.spec("fashion"), "image", TensorProto.newBuilder(image).setTensorShape(GrpcClient.shape(2, 28, 28, 1)).build()));
    TensorProto tooMany = GrpcClient.images(new float[][] {images.floats(0), images.floats(1)}, false);
    assertRefused(Status.Code.INVALID_ARGUMENT, "input 'image' has 1568 values in float_val, more than its shape [1,28,28,1] holds (784)",
        TfServingMethods.PREDICT,
        GrpcClient.predict(GrpcClient.spec("fashion"), "image", TensorProto.newBuilder(tooMany).setTensorShape(GrpcClient.shape(1, 28, 28, 1)).build()));
    TensorProto text = TensorProto.newBuilder().setDtype(DataType.DT_STRING).setTensorShape(GrpcClient.shape(1)).addStringVal(ByteString.copyFromUtf8("shoe")).build();
    assertRefused(Status.Code.INVALID_ARGUMENT, "input 'image' is DT_STRING: fmnist serve takes DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64 and DT_UINT8 tensors",
        TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", text));
    TensorProto huge = TensorProto.newBuilder().setDtype(DataType.DT_DOUBLE).setTensorShape(GrpcClient.shape(1, 28, 28, 1)).addDoubleVal(1e300).build();
    assertRefused(Status.Code.INVALID_ARGUMENT, "Cannot convert tensor value: 1.0E300 to float without loss of precision.",
        TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", huge));
    assertRefused(Status.Code.INVALID_ARGUMENT, "output tensor alias not found in signature: logits Outputs expected to be in the set {class_id,probabilities}.",
        TfServingMethods.PREDICT, PredictRequest.newBuilder(GrpcClient.predict(GrpcClient.spec("fashion"), "image", image)).addOutputFilter("logits").build());
  }

  @Test
  void aRequestOverTheMessageLimitIsResourceExhausted() {
    float[][] many = new float[MAX_MESSAGE_BYTES / (784 * 4) + 1][];
    for (int i = 0; i < many.length; i++) {
      many[i] = images.floats(i);
    }
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(many, true))));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.toString());
    assertTrue(log.stream().anyMatch(line -> line.contains("Predict\" RESOURCE_EXHAUSTED 0B")), String.join("\n", log));
    // the connection stays usable
    assertEquals(1, predict(GrpcClient.images(new float[][] {images.floats(0)}, true)).getTensorShape().getDim(0).getSize());
  }

  @Test
  void metadataHoldsTheSignatureDefMapInAnAny() throws InvalidProtocolBufferException {
    GetModelMetadataResponse response =
        client.call(
            TfServingMethods.GET_MODEL_METADATA,
            GetModelMetadataRequest.newBuilder().setModelSpec(GrpcClient.spec("fashion")).addMetadataField("signature_def").build());
    assertEquals("fashion", response.getModelSpec().getName());
    assertEquals(1, response.getModelSpec().getVersion().getValue());
    assertEquals("type.googleapis.com/tensorflow.serving.SignatureDefMap", response.getMetadataOrThrow("signature_def").getTypeUrl());
    SignatureDefMap signatures = response.getMetadataOrThrow("signature_def").unpack(SignatureDefMap.class);
    assertEquals(reference.backend().signatures(), signatures.getSignatureDefMap());
    SignatureDef serving = signatures.getSignatureDefOrThrow("serving_default");
    assertEquals(TestModels.PREDICT_METHOD, serving.getMethodName());
    assertEquals(DataType.DT_FLOAT, serving.getInputsOrThrow("image").getDtype());

    GetModelMetadataRequest.Builder request = GetModelMetadataRequest.newBuilder().setModelSpec(GrpcClient.spec("fashion"));
    assertRefused(Status.Code.INVALID_ARGUMENT, "GetModelMetadataRequest must specify at least one metadata_field",
        TfServingMethods.GET_MODEL_METADATA, request.build());
    assertRefused(Status.Code.INVALID_ARGUMENT, "Metadata field signatures is not supported",
        TfServingMethods.GET_MODEL_METADATA, request.clone().addMetadataField("signatures").build());
    assertRefused(Status.Code.NOT_FOUND, "Servable not found for request: Latest(shoes)",
        TfServingMethods.GET_MODEL_METADATA,
        GetModelMetadataRequest.newBuilder().setModelSpec(GrpcClient.spec("shoes")).addMetadataField("signature_def").build());
  }

  @Test
  void modelStatusListsTheVersionsAsRestDoes() {
    for (ModelSpec spec : List.of(GrpcClient.spec("fashion"), GrpcClient.spec("fashion", 1))) {
      GetModelStatusResponse response =
          client.call(TfServingMethods.GET_MODEL_STATUS, GetModelStatusRequest.newBuilder().setModelSpec(spec).build());
      ModelVersionStatus status = response.getModelVersionStatus(0);
      assertEquals(1, response.getModelVersionStatusCount());
      assertEquals(1, status.getVersion());
      assertEquals(ModelVersionStatus.State.AVAILABLE, status.getState());
      assertEquals(Code.OK, status.getStatus().getErrorCode());
      assertEquals("", status.getStatus().getErrorMessage());
    }
    assertRefused(Status.Code.NOT_FOUND, "Could not find version 9 of model fashion",
        TfServingMethods.GET_MODEL_STATUS, GetModelStatusRequest.newBuilder().setModelSpec(GrpcClient.spec("fashion", 9)).build());
    assertRefused(Status.Code.NOT_FOUND, "Could not find any versions of model shoes",
        TfServingMethods.GET_MODEL_STATUS, GetModelStatusRequest.newBuilder().setModelSpec(GrpcClient.spec("shoes")).build());
  }

  @Test
  void classifyRegressAndMultiInferenceAreUnimplemented() {
    ModelSpec fashion = GrpcClient.spec("fashion");
    assertRefused(Status.Code.UNIMPLEMENTED, "fmnist serve implements Predict and GetModelMetadata, not Classify (model fashion); call Predict",
        TfServingMethods.CLASSIFY, ClassificationRequest.newBuilder().setModelSpec(fashion).build());
    assertRefused(Status.Code.UNIMPLEMENTED, "fmnist serve implements Predict and GetModelMetadata, not Regress (model fashion); call Predict",
        TfServingMethods.REGRESS, RegressionRequest.newBuilder().setModelSpec(fashion).build());
    assertRefused(Status.Code.UNIMPLEMENTED, "fmnist serve implements Predict and GetModelMetadata, not MultiInference; call Predict",
        TfServingMethods.MULTI_INFERENCE, MultiInferenceRequest.getDefaultInstance());
  }

  @Test
  void healthReportsEachModelServing() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(client.channel());
    for (String service : List.of("", "fashion", "renamed")) {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus());
    }
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> health.check(HealthCheckRequest.newBuilder().setService("shoes").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
  }

  @Test
  void everyCallIsWrittenToTheAccessLogWithItsStatus() {
    assertRefused(Status.Code.NOT_FOUND, "Servable not found for request: Latest(boots)",
        TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("boots"), "image", GrpcClient.images(new float[][] {images.floats(0)}, true)));
    assertTrue(
        log.stream().anyMatch(line -> line.matches("\\S+Z 127\\.0\\.0\\.1 \"GRPC /tensorflow.serving.PredictionService/Predict\" NOT_FOUND 0B [\\d.]+ms")),
        String.join("\n", log));
  }

  private static TensorProto predict(TensorProto image) {
    return client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", image)).getOutputsOrThrow("probabilities");
  }

  private static void assertProbabilities(Prediction expected, TensorProto actual) {
    float[] p = expected.probabilities();
    assertEquals(p.length, actual.getFloatValCount());
    for (int c = 0; c < p.length; c++) {
      assertEquals(p[c], actual.getFloatVal(c), 1e-6f);
    }
  }

  private static <Q> void assertRefused(Status.Code code, String message, MethodDescriptor<Q, ?> method, Q request) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.call(method, request));
    assertEquals(code, e.getStatus().getCode(), e.toString());
    assertEquals(message, e.getStatus().getDescription());
  }
}
