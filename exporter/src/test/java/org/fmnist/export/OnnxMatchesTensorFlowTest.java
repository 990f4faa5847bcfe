package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.fmnist.data.LabeledImages;
import org.fmnist.export.onnx.OnnxModelBuilder;
import org.fmnist.export.onnx.proto.Onnx;
import org.fmnist.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * model.onnx in ONNX Runtime against TensorFlow (the trainer's own graph with the run's final
 * weights), for every preset and for a spec with the layer options no preset uses, on 1,000 real
 * test images.
 */
class OnnxMatchesTensorFlowTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir Path savedModels;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("baseline", TrainedRuns.preset("baseline", 3)),
        Arguments.of("cnn k=3", TrainedRuns.preset("cnn", 3)),
        Arguments.of("cnn k=5", TrainedRuns.preset("cnn", 5)),
        Arguments.of("cnn k=7", TrainedRuns.preset("cnn", 7)),
        Arguments.of("mlp-dropout", TrainedRuns.preset("mlp-dropout", 3)),
        Arguments.of("cnn-dropout", TrainedRuns.preset("cnn-dropout", 3)),
        Arguments.of("cnn-small", TrainedRuns.preset("cnn-small", 3)),
        Arguments.of("cnn-bn", TrainedRuns.preset("cnn-bn", 3)),
        // BN on the input image and on dense features, an even kernel and a stride-2 conv with
        // 'same' padding (odd total padding), a linear conv, pooling with stride != window
        Arguments.of(
            "edge layers",
            TrainedRuns.spec(
                "edge",
                "bn conv:8:4:same:relu conv:8:3:same:s2 bn relu maxpool:3:s2 flatten dense:16 bn"
                    + " relu dropout:0.5 dense:10")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void onnxRuntimeReproducesTensorFlow(String label, Path run) throws Exception {
    Path onnx = export(run).resolve(OnnxWriter.FILE);
    LabeledImages images = TrainedRuns.testImages();
    assertTrue(images.size() >= 1000);

    Predictions tensorflow = Predictions.ofTrainer(run, images);
    try (OnnxRuntimePredictor ort = new OnnxRuntimePredictor(onnx)) {
      Predictions onnxRuntime = ort.predict(images);
      double gap = onnxRuntime.assertMatches(tensorflow, TOLERANCE);
      System.err.printf("%s: max |p_onnx - p_tf| = %.2e over %d images%n", label, gap, images.size());
      // a single image goes through the symbolic batch dimension too
      ort.predict(images.first(1)).assertMatches(Predictions.ofTrainer(run, images.first(1)), TOLERANCE);
    }
    // briefly trained, but trained: the comparison is not between two near-uniform outputs
    assertTrue(tensorflow.accuracy(images) > 0.3, label + " accuracy " + tensorflow.accuracy(images));
  }

  @Test
  void batchNormalizationRunsOnTrainedMovingStatistics() throws Exception {
    Onnx.ModelProto model = parse(export(TrainedRuns.preset("cnn-bn", 3)).resolve(OnnxWriter.FILE));
    Map<String, float[]> initializers = new java.util.HashMap<>();
    for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
      float[] values = new float[t.getRawData().size() / Float.BYTES];
      ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      initializers.put(t.getName(), values);
    }
    for (String layer : new String[] {"batch_normalization", "batch_normalization_3"}) {
      float[] mean = initializers.get(layer + "_moving_mean");
      float[] variance = initializers.get(layer + "_moving_variance");
      assertTrue(maxAbsDifference(mean, 0f) > 1e-3, layer + " moving mean still at its initial zeros");
      assertTrue(maxAbsDifference(variance, 1f) > 1e-3, layer + " moving variance still at its initial ones");
    }
    assertEquals(4, model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("BatchNormalization")).count());
    assertEquals(0, model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Dropout")).count());
  }

  @Test
  void declaresVersionsProducerAndTheServingContract() throws Exception {
    Path folder = export(TrainedRuns.preset("cnn", 3));
    Onnx.ModelProto model = parse(folder.resolve(OnnxWriter.FILE));
    assertEquals(7, model.getIrVersion());
    assertEquals(1, model.getOpsetImportCount());
    assertEquals("", model.getOpsetImport(0).getDomain());
    assertEquals(13, model.getOpsetImport(0).getVersion());
    assertEquals(1, model.getModelVersion());
    assertEquals(OnnxModelBuilder.PRODUCER, model.getProducerName());
    assertTrue(model.getGraph().getNodeList().stream().allMatch(n -> n.getDomain().isEmpty()));

    try (OnnxRuntimePredictor ort = new OnnxRuntimePredictor(folder.resolve(OnnxWriter.FILE))) {
      Map<String, NodeInfo> inputs = ort.session().getInputInfo();
      assertEquals(Set.of(ServingSignature.INPUT), inputs.keySet());
      assertTensor(inputs.get(ServingSignature.INPUT), OnnxJavaType.FLOAT, -1, 28, 28, 1);
      Map<String, NodeInfo> outputs = ort.session().getOutputInfo();
      assertEquals(Set.of(ServingSignature.PROBABILITIES, ServingSignature.CLASS_ID), outputs.keySet());
      assertTensor(outputs.get(ServingSignature.PROBABILITIES), OnnxJavaType.FLOAT, -1, 10);
      assertTensor(outputs.get(ServingSignature.CLASS_ID), OnnxJavaType.INT64, -1);
      assertEquals(
          OnnxModelBuilder.BATCH_DIMENSION,
          ((TensorInfo) inputs.get(ServingSignature.INPUT).getInfo()).getDimensionNames()[0]);

      var metadata = ort.session().getMetadata();
      assertEquals("fmnist", metadata.getProducerName());
      assertTrue(metadata.getDescription().contains("cnn-k3"), metadata.getDescription());
      assertEquals(
          Json.MAPPER.readTree(folder.resolve(Provenance.FILE).toFile()),
          Json.MAPPER.readTree(metadata.getCustomMetadata().get(OnnxModelBuilder.PROVENANCE_KEY)));
    }
  }

  private Path export(Path run) {
    return new ModelExporter()
        .export(new ExportRequest(run, savedModels, null, OptionalLong.empty(), Set.of(ExportFormat.ONNX)))
        .folder();
  }

  private static Onnx.ModelProto parse(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Onnx.ModelProto.parseFrom(in);
    }
  }

  private static void assertTensor(NodeInfo node, OnnxJavaType type, long... shape) {
    TensorInfo info = (TensorInfo) node.getInfo();
    assertEquals(type, info.type, node.getName());
    assertEquals(java.util.Arrays.toString(shape), java.util.Arrays.toString(info.getShape()), node.getName());
  }

  private static double maxAbsDifference(float[] values, float from) {
    double worst = 0;
    for (float v : values) {
      worst = Math.max(worst, Math.abs(v - from));
    }
    return worst;
  }
}
