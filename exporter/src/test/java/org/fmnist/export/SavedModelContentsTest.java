package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fmnist.model.ModelSpec;
import org.fmnist.train.Device;
import org.fmnist.train.TrainingGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/** What saved_model.pb and variables/ hold, read from the files (no TensorFlow session). */
class SavedModelContentsTest {
  @TempDir static Path savedModels;
  private static Path folder;
  private static ModelSpec spec;
  private static MetaGraphDef metaGraph;

  @BeforeAll
  static void export() throws Exception {
    Path run = TrainedRuns.preset("cnn-bn", 3);
    folder =
        new ModelExporter()
            .export(new ExportRequest(run, savedModels, "fashion_bn", OptionalLong.empty(), Set.of(ExportFormat.SAVEDMODEL)))
            .folder();
    spec = org.fmnist.model.Presets.get("cnn-bn", 3);
    try (InputStream in = Files.newInputStream(folder.resolve("saved_model.pb"))) {
      SavedModel model = SavedModel.parseFrom(in);
      assertEquals(1, model.getMetaGraphsCount(), "one MetaGraphDef");
      metaGraph = model.getMetaGraphs(0);
    }
  }

  @Test
  void layoutIsWhatTensorFlowServingLoads() throws Exception {
    assertEquals(savedModels.resolve("fashion_bn").resolve("1"), folder);
    assertTrue(Files.isRegularFile(folder.resolve("variables/variables.index")));
    assertTrue(Files.isRegularFile(folder.resolve("variables/variables.data-00000-of-00001")));
    assertTrue(Files.isRegularFile(folder.resolve(Provenance.FILE)));
    assertTrue(Files.notExists(folder.resolve(OnnxWriter.FILE)), "--format savedmodel writes no ONNX");
  }

  @Test
  void signatureIsServingDefaultWithThePredictMethod() {
    assertEquals(List.of("serve"), metaGraph.getMetaInfoDef().getTagsList());
    assertEquals(Set.of("serving_default"), metaGraph.getSignatureDefMap().keySet());
    SignatureDef signature = metaGraph.getSignatureDefOrThrow("serving_default");
    assertEquals("tensorflow/serving/predict", signature.getMethodName());
    assertEquals(Set.of("image"), signature.getInputsMap().keySet());
    assertTensor(signature.getInputsOrThrow("image"), "image:0", DataType.DT_FLOAT, -1, 28, 28, 1);
    assertEquals(Set.of("probabilities", "class_id"), signature.getOutputsMap().keySet());
    assertTensor(signature.getOutputsOrThrow("probabilities"), "probabilities:0", DataType.DT_FLOAT, -1, 10);
    assertTensor(signature.getOutputsOrThrow("class_id"), "class_id:0", DataType.DT_INT64, -1);
  }

  @Test
  void variablesAreExactlyTheModelParameters() throws Exception {
    Set<String> expected;
    try (TrainingGraph training = new TrainingGraph(spec, 1, Device.CPU.resolve(1))) {
      expected = new TreeSet<>(training.parameters().all().keySet());
    }
    GraphDef graph = metaGraph.getGraphDef();
    List<NodeDef> variables =
        graph.getNodeList().stream().filter(n -> n.getOp().startsWith("Variable") || n.getOp().equals("VarHandleOp")).toList();
    assertEquals(expected, variables.stream().map(NodeDef::getName).collect(Collectors.toCollection(TreeSet::new)));
    long elements = 0;
    for (NodeDef v : variables) {
      long n = 1;
      for (var dim : v.getAttrOrThrow("shape").getShape().getDimList()) {
        n *= dim.getSize();
      }
      elements += n;
      assertEquals(DataType.DT_FLOAT, v.getAttrOrThrow("dtype").getType());
    }
    assertEquals(spec.parameters(), elements, "parameter count of the graph's variables");

    // what the saver writes: the tensors fed to SaveV2 after prefix, names and slices
    NodeDef save = graph.getNodeList().stream().filter(n -> n.getOp().equals("SaveV2")).findFirst().orElseThrow();
    assertEquals(expected, new TreeSet<>(save.getInputList().subList(3, save.getInputCount())));

    // the data file is the float32 values back to back: exactly the model's parameters, no slots
    assertEquals(4 * spec.parameters(), Files.size(folder.resolve("variables/variables.data-00000-of-00001")));
  }

  @Test
  void graphIsInferenceOnly() {
    Map<String, Long> opTypes =
        metaGraph.getGraphDef().getNodeList().stream()
            .collect(Collectors.groupingBy(NodeDef::getOp, Collectors.counting()));
    for (String op : opTypes.keySet()) {
      assertTrue(!op.contains("Grad") && !op.contains("Backprop"), "gradient op " + op);
      assertTrue(!op.contains("Random") && !op.contains("Stateless"), "random op " + op);
      assertTrue(!op.startsWith("Apply") && !op.startsWith("ResourceApply"), "optimizer op " + op);
    }
    for (NodeDef node : metaGraph.getGraphDef().getNodeList()) {
      String name = node.getName().toLowerCase(Locale.ROOT);
      assertTrue(!name.contains("adam") && !name.contains("gradient") && !name.startsWith("train"), node.getName());
    }
    // BatchNormalization reads its moving statistics; nothing assigns to them outside the restore
    assertEquals(
        opTypes.get("VariableV2"),
        metaGraph.getGraphDef().getNodeList().stream()
            .filter(n -> n.getOp().equals("Assign"))
            .filter(n -> n.getName().startsWith("save/"))
            .count());
    assertEquals(opTypes.get("Assign"), opTypes.get("VariableV2"));
  }

  private static void assertTensor(TensorInfo info, String name, DataType type, long... shape) {
    assertEquals(name, info.getName());
    assertEquals(type, info.getDtype());
    assertEquals(
        java.util.Arrays.stream(shape).boxed().toList(),
        info.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
  }
}
