package org.fmnist.serving;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.TensorInfo;

/**
 * A SavedModel loaded with the {@code serve} tag and run by TensorFlow: its signatures, read from
 * the MetaGraphDef, and a thread-safe way to run one of them. TensorFlow's session may be run from
 * many threads at once; each call builds its own runner from a plan resolved on the first call
 * for that signature and outputs (graph outputs to feed and fetch).
 */
public final class SavedModelSession extends SavedModelBackend {
  public static final String SERVE_TAG = "serve";

  private final SavedModelBundle bundle;
  private final Map<String, Map<String, Output<?>>> inputs = new TreeMap<>();
  private final Map<String, Map<String, Output<?>>> outputs = new TreeMap<>();
  private final Map<PlanKey, RunPlan> plans = new ConcurrentHashMap<>();

  private SavedModelSession(Path folder, SavedModelBundle bundle) {
    super(folder, new SavedModelGraph(bundle.metaGraphDef()));
    this.bundle = bundle;
    signatures().forEach(
        (key, def) -> {
          inputs.put(key, resolve(bundle.graph(), def.getInputsMap()));
          outputs.put(key, resolve(bundle.graph(), def.getOutputsMap()));
        });
  }

  /**
   * Loads the SavedModel in {@code folder} (a version folder holding saved_model.pb), its ops split across {@code intraOpThreads} threads (0:
   * TensorFlow's default, one per core; see {@link ClassifierOptions#withTensorFlowIntraOpThreads}).
   * Each run's ops execute in the calling thread (negative inter-op threads), not handed to TF's
   * inter-op pool: for a model this small that switch costs more than the model. Concurrent calls
   * still run in parallel, each in its own thread.
   */
  public static SavedModelSession load(Path folder, int intraOpThreads) {
    ConfigProto config = ConfigProto.newBuilder().setInterOpParallelismThreads(-1).setIntraOpParallelismThreads(intraOpThreads).build();
    if (!ModelFolders.isSavedModel(folder)) {
      throw new IllegalArgumentException(folder + ": not a SavedModel (no " + ModelFolders.SAVED_MODEL_FILE + ")");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(folder.toString()).withTags(SERVE_TAG).withConfigProto(config).load();
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
  public Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputNames) {
    RunPlan plan = plans.computeIfAbsent(new PlanKey(key, outputNames), this::plan);
    if (!plan.inputNames().equals(feeds.keySet())) {
      throw new IllegalArgumentException("signature " + key + " takes inputs " + plan.inputNames() + ", got " + feeds.keySet());
    }
    Session.Runner runner = bundle.session().runner();
    try (NativeTensors tensors = NativeTensors.of(feeds)) {
      tensors.byName().forEach((name, tensor) -> runner.feed(plan.inputs().get(name), tensor));
      plan.fetches().forEach(runner::fetch);
      try (Result result = runner.run()) {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (int i = 0; i < outputNames.size(); i++) {
          values.put(outputNames.get(i), NativeTensors.toHost(result.get(plan.positions()[i])));
        }
        return values;
      }
    } catch (TFInvalidArgumentException e) {
      throw new InvalidInputException(ErrorMessages.firstLine(e), e);
    }
  }

  /**
   * What running {@code key} for some outputs feeds and fetches, resolved once: two output names may
   * stand for one tensor, which is fetched once.
   */
  private RunPlan plan(PlanKey run) {
    Map<String, Output<?>> available = outputs.get(run.key());
    if (available == null) {
      signature(run.key()); // throws TF Serving's "not found" message
    }
    List<Output<?>> fetches = new ArrayList<>();
    Map<String, Integer> fetched = new LinkedHashMap<>();
    int[] positions = new int[run.outputs().size()];
    for (int i = 0; i < positions.length; i++) {
      String name = run.outputs().get(i);
      Output<?> output = available.get(name);
      if (output == null) {
        throw new IllegalArgumentException("signature " + run.key() + " has no output " + name + " (outputs: " + available.keySet() + ")");
      }
      positions[i] = fetched.computeIfAbsent(signatures().get(run.key()).getOutputsOrThrow(name).getName(), t -> {
        fetches.add(output);
        return fetches.size() - 1;
      });
    }
    return new RunPlan(inputs.get(run.key()), inputs.get(run.key()).keySet(), List.copyOf(fetches), positions);
  }

  private record PlanKey(String key, List<String> outputs) {
    PlanKey {
      outputs = List.copyOf(outputs);
    }
  }

  private record RunPlan(Map<String, Output<?>> inputs, Set<String> inputNames, List<Output<?>> fetches, int[] positions) {}

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
