package org.fmnist.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.grpc.tfserving.PredictResponse;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

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
    ServerConfig config = new ServerConfig(base, Optional.empty(), "127.0.0.1", 0, Duration.ofSeconds(60), 64 << 10, 4);
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
}
