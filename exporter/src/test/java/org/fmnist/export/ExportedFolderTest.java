package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.fmnist.data.ClassNames;
import org.fmnist.errors.ModelFolderException;
import org.fmnist.io.Json;
import org.fmnist.model.Presets;
import org.fmnist.train.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.TensorFlow;

/** fmnist.json and what fmnist inspect shows of an export. */
class ExportedFolderTest {
  @TempDir static Path savedModels;
  private static Path run;
  private static ExportResult result;
  private static Instant before;

  @BeforeAll
  static void export() {
    run = TrainedRuns.preset("cnn-bn", 3);
    before = Instant.now();
    result =
        new ModelExporter()
            .export(new ExportRequest(run, savedModels, null, OptionalLong.empty(), Set.of(ExportFormat.values())));
  }

  @Test
  void defaultNameIsServingFriendlyAndArtifactsAreAllThere() {
    assertEquals(savedModels.resolve("fashion_cnn_bn").resolve("1"), result.folder());
    assertEquals(List.of("saved_model.pb", "variables/", "model.onnx", "fmnist.json"), result.artifacts());
    for (String artifact : result.artifacts()) {
      assertTrue(Files.exists(result.folder().resolve(artifact)), artifact);
    }
  }

  @Test
  void provenanceRecordsModelRecipeDataMetricsAndSoftware() throws Exception {
    JsonNode p = Json.MAPPER.readTree(result.folder().resolve(Provenance.FILE).toFile());
    RunDirectory directory = new RunDirectory(run);
    assertEquals("fmnist-export/1", p.get("format").asText());
    assertEquals("fashion_cnn_bn", p.get("name").asText());
    assertEquals(1, p.get("version").asInt());
    assertEquals(Presets.get("cnn-bn", 3).toText(), p.at("/model/spec").asText());
    assertEquals("cnn-bn", p.at("/model/name").asText());
    assertEquals(198_250, p.at("/model/parameters").asLong());
    assertEquals(197_866, p.at("/model/trainableParameters").asLong());
    assertEquals(ClassNames.ALL, Json.MAPPER.convertValue(p.get("classNames"), List.class));
    assertEquals(Json.MAPPER.readTree(directory.config().toFile()), p.get("training"));
    assertEquals(7, p.get("seed").asLong());
    assertEquals(8, p.get("epochsTrained").asInt());
    assertEquals(Json.MAPPER.readTree(directory.dataset().toFile()), p.get("dataset"));
    assertEquals(4, p.at("/dataset/sha256").size());
    assertEquals(Json.MAPPER.readTree(directory.testMetrics().toFile()), p.get("testMetrics"));
    assertEquals("1.0.0", p.at("/software/tensorflowJava").asText());
    assertEquals(TensorFlow.version(), p.at("/software/tensorflow").asText());
    Instant created = Instant.parse(p.get("createdAt").asText());
    assertTrue(!created.isBefore(before) && created.isBefore(before.plus(Duration.ofMinutes(5))), created.toString());
  }

  @Test
  void inspectShowsSignatureVariablesOnnxAndProvenance() {
    String text = ExportInspection.describe(result.folder());
    for (String expected :
        List.of(
            "MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:",
            "signature_def['serving_default']:",
            "    inputs['image'] tensor_info:\n        dtype: DT_FLOAT\n        shape: (-1, 28, 28, 1)\n        name: image:0",
            "    outputs['class_id'] tensor_info:\n        dtype: DT_INT64\n        shape: (-1)\n        name: class_id:0",
            "    outputs['probabilities'] tensor_info:\n        dtype: DT_FLOAT\n        shape: (-1, 10)",
            "  Method name is: tensorflow/serving/predict",
            "Variables: 28, 198,250 values",
            "batch_normalization_3_moving_variance",
            "file variables/variables.data-00000-of-00001: 793,000 bytes",
            "  IR version: 7",
            "  opsets: ai.onnx 13",
            "  input:  image: float [N, 28, 28, 1]",
            "  output: probabilities: float [N, 10]",
            "  output: class_id: int64 [N]",
            "  initializers: 28, 198,250 values",
            "  model:     cnn-bn, 198,250 parameters (197,866 trainable)",
            "  software:  fmnist ",
            "TensorFlow Java 1.0.0 (TensorFlow " + TensorFlow.version() + ")")) {
      assertTrue(text.contains(expected), "missing:\n" + expected + "\nin:\n" + text);
    }
    assertTrue(ExportInspection.describe(result.folder().getParent()).startsWith("Newest version of "));
  }

  @Test
  void inspectRefusesWhatIsNotAnExport(@TempDir Path empty) throws Exception {
    assertThrows(ModelFolderException.class, () -> ExportInspection.describe(empty.resolve("missing")));
    ModelFolderException none =
        assertThrows(ModelFolderException.class, () -> ExportInspection.describe(empty));
    assertTrue(none.getMessage().contains("holds no export"), none.getMessage());
    Files.write(empty.resolve("saved_model.pb"), new byte[] {(byte) 0xff, 1, 2, 3});
    ModelFolderException corrupt =
        assertThrows(ModelFolderException.class, () -> ExportInspection.describe(empty));
    assertTrue(corrupt.getMessage().contains("is not a SavedModel"), corrupt.getMessage());
  }
}
