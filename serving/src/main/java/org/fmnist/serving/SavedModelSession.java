package org.fmnist.serving;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * A SavedModel loaded with the {@code serve} tag and run by TensorFlow: its signatures, read from
 * the MetaGraphDef, and a thread-safe way to run one of them. TensorFlow's session may be run from
 * many threads at once; each call builds its own runner, so nothing is shared between calls but
 * the session.
 */
public final class SavedModelSession implements ModelBackend {
  public static final String SERVE_TAG = "serve";

  private final Path folder;
  private final SavedModelBundle bundle;
  private final Map<String, SignatureDef> signatures;
  private final OutputOrigins origins;
  private final Map<String, Map<String, Output<?>>> inputs = new TreeMap<>();
  private final Map<String, Map<String, Output<?>>> outputs = new TreeMap<>();

  private SavedModelSession(Path folder, SavedModelBundle bundle) {
    this.folder = folder;
    this.bundle = bundle;
    this.signatures = Collections.unmodifiableMap(SavedModelSignatures.of(bundle.metaGraphDef()));
    this.origins = new OutputOrigins(bundle.metaGraphDef());
    Graph graph = bundle.graph();
    signatures.forEach(
        (key, def) -> {
          inputs.put(key, resolve(graph, def.getInputsMap()));
          outputs.put(key, resolve(graph, def.getOutputsMap()));
        });
  }

  /** Loads the SavedModel in {@code folder} (a version folder holding saved_model.pb). */
  public static SavedModelSession load(Path folder) {
    if (!ModelFolders.isSavedModel(folder)) {
      throw new IllegalArgumentException(folder + ": not a SavedModel (no " + ModelFolders.SAVED_MODEL_FILE + ")");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(folder.toString(), SERVE_TAG);
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot load SavedModel " + folder + ": " + ErrorMessages.firstLine(e), e);
    }
    try {
      return new SavedModelSession(folder, bundle);
    } catch (RuntimeException e) {
      bundle.close();
      throw new IllegalArgumentException("cannot load SavedModel " + folder + ": " + ErrorMessages.firstLine(e), e);
    }
  }

  @Override
  public Backend kind() {
    return Backend.TENSORFLOW;
  }

  @Override
  public Path folder() {
    return folder;
  }

  @Override
  public Map<String, SignatureDef> signatures() {
    return signatures;
  }

  @Override
  public String outputOperationType(String key, String outputName) {
    TensorInfo output = signature(key).getOutputsMap().get(outputName);
    return output == null ? "" : origins.operationType(output.getName());
  }

  @Override
  public Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputNames) {
    signature(key);
    Map<String, Output<?>> expected = inputs.get(key);
    if (!expected.keySet().equals(feeds.keySet())) {
      throw new IllegalArgumentException("signature " + key + " takes inputs " + expected.keySet() + ", got " + feeds.keySet());
    }
    Map<String, Output<?>> available = outputs.get(key);
    Session.Runner runner = bundle.session().runner();
    // two output names may stand for one tensor: fetch it once
    Map<String, Integer> fetched = new LinkedHashMap<>();
    List<Integer> positions = new ArrayList<>(outputNames.size());
    for (String name : outputNames) {
      Output<?> output = available.get(name);
      if (output == null) {
        throw new IllegalArgumentException("signature " + key + " has no output " + name + " (outputs: " + available.keySet() + ")");
      }
      positions.add(fetched.computeIfAbsent(signatures.get(key).getOutputsOrThrow(name).getName(), t -> {
        runner.fetch(output);
        return fetched.size();
      }));
    }
    try (NativeTensors tensors = NativeTensors.of(feeds)) {
      tensors.byName().forEach((name, tensor) -> runner.feed(expected.get(name), tensor));
      try (Result result = runner.run()) {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (int i = 0; i < outputNames.size(); i++) {
          values.put(outputNames.get(i), NativeTensors.toHost(result.get(positions.get(i))));
        }
        return values;
      }
    } catch (TFInvalidArgumentException e) {
      throw new InvalidInputException(ErrorMessages.firstLine(e), e);
    }
  }

  @Override
  public void close() {
    bundle.close();
  }

  private static Map<String, Output<?>> resolve(Graph graph, Map<String, TensorInfo> tensors) {
    Map<String, Output<?>> resolved = new LinkedHashMap<>();
    new TreeMap<>(tensors).forEach((name, info) -> resolved.put(name, graph.outputOrThrow(info.getName())));
    return resolved;
  }
}
