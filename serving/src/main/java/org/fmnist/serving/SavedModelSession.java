package org.fmnist.serving;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * A SavedModel loaded with the {@code serve} tag: its signatures, read from the MetaGraphDef, and
 * a thread-safe way to run one of them. TensorFlow's session may be run from many threads at once;
 * each call here builds its own runner, so nothing is shared between calls but the session.
 */
public final class SavedModelSession implements AutoCloseable {
  public static final String SERVE_TAG = "serve";
  private static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  private final Path folder;
  private final SavedModelBundle bundle;
  private final Map<String, SignatureDef> signatures;
  private final Map<String, Map<String, Output<?>>> inputs = new TreeMap<>();
  private final Map<String, Map<String, Output<?>>> outputs = new TreeMap<>();

  private SavedModelSession(Path folder, SavedModelBundle bundle) {
    this.folder = folder;
    this.bundle = bundle;
    Map<String, SignatureDef> found = new TreeMap<>(bundle.metaGraphDef().getSignatureDefMap());
    found.remove(INIT_OP_SIGNATURE);
    this.signatures = Collections.unmodifiableMap(found);
    Graph graph = bundle.graph();
    found.forEach(
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

  public Path folder() {
    return folder;
  }

  /** The signatures by key, sorted (TensorFlow's internal init-op marker left out). */
  public Map<String, SignatureDef> signatures() {
    return signatures;
  }

  /** The signature {@code key}; IllegalArgumentException with TF Serving's wording when absent. */
  public SignatureDef signature(String key) {
    SignatureDef signature = signatures.get(key);
    if (signature == null) {
      throw new IllegalArgumentException("Serving signature name: \"" + key + "\" not found in signature def");
    }
    return signature;
  }

  /** The type of the operation producing a signature output (e.g. "Softmax"). */
  String outputOperationType(String signatureKey, String outputName) {
    return outputs.get(signatureKey).get(outputName).op().type();
  }

  /**
   * Runs signature {@code key} on {@code feeds} (one tensor per input name) and fetches every
   * output. The caller closes the outputs.
   */
  public Outputs run(String key, Map<String, ? extends Tensor> feeds) {
    signature(key);
    Map<String, Output<?>> expected = inputs.get(key);
    if (!expected.keySet().equals(feeds.keySet())) {
      throw new IllegalArgumentException(
          "signature " + key + " takes inputs " + expected.keySet() + ", got " + feeds.keySet());
    }
    Session.Runner runner = bundle.session().runner();
    feeds.forEach((name, tensor) -> runner.feed(expected.get(name), tensor));
    // two output names may stand for one tensor: fetch it once
    Map<String, Integer> fetched = new LinkedHashMap<>();
    Map<String, Integer> positions = new LinkedHashMap<>();
    outputs.get(key).forEach(
        (name, output) -> {
          String tensor = signatures.get(key).getOutputsOrThrow(name).getName();
          positions.put(name, fetched.computeIfAbsent(tensor, t -> {
            runner.fetch(output);
            return fetched.size();
          }));
        });
    return new Outputs(runner.run(), positions);
  }

  /** The tensors one run of a signature returned, by output name (sorted); closing closes them. */
  public static final class Outputs implements AutoCloseable {
    private final Result result;
    private final Map<String, Integer> positions;

    private Outputs(Result result, Map<String, Integer> positions) {
      this.result = result;
      this.positions = positions;
    }

    public Set<String> names() {
      return positions.keySet();
    }

    public Tensor get(String name) {
      Integer position = positions.get(name);
      if (position == null) {
        throw new IllegalArgumentException("no output " + name + " (outputs: " + names() + ")");
      }
      return result.get(position);
    }

    @Override
    public void close() {
      result.close();
    }
  }

  /** Runs signature {@code key} and fetches only {@code outputName}. The caller closes the result. */
  Result run(String key, String inputName, Tensor feed, String outputName) {
    Output<?> output = outputs.get(key).get(outputName);
    return bundle.session().runner().feed(inputs.get(key).get(inputName), feed).fetch(output).run();
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
