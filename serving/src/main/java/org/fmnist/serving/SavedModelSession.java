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
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.TensorInfo;

/**
 * A SavedModel loaded with the {@code serve} tag and run by TensorFlow: its signatures, read from
 * the MetaGraphDef, and a thread-safe way to run one of them. TensorFlow's session may be run from
 * many threads at once; each call builds its own runner from a plan resolved on the first call
 * for that signature and outputs (graph outputs to feed and fetch).
 *
 * <p>When TensorFlow gives each session its own intra-op pool ({@link
 * TensorFlowThreads#routesSmallBatches}), the model is loaded twice and batches of up to {@link
 * #SMALL_BATCH} examples run on a second session of one intra-op thread (at batch 1 the hand-offs
 * to the pool were about half the call's time), while large batches keep every core. Both sessions
 * compute the same graph with the same weights.
 */
public final class SavedModelSession extends SavedModelBackend {
  public static final String SERVE_TAG = "serve";

  private final LoadedGraph main;
  private final LoadedGraph smallBatches;

  private SavedModelSession(Path folder, SavedModelBundle bundle, SavedModelBundle smallBatchBundle) {
    super(folder, new SavedModelGraph(bundle.metaGraphDef()));
    this.main = new LoadedGraph(bundle);
    this.smallBatches = smallBatchBundle == null ? null : new LoadedGraph(smallBatchBundle);
  }

  /** Loads the SavedModel in {@code folder} with TensorFlow's default threads ({@link TensorFlowThreads#DEFAULT}). */
  public static SavedModelSession load(Path folder) {
    return load(folder, TensorFlowThreads.DEFAULT);
  }

  /**
   * Loads the SavedModel in {@code folder} (a version folder holding saved_model.pb) with {@code
   * threads}; a second time on one intra-op thread for small batches when that can help (see the
   * class comment).
   */
  public static SavedModelSession load(Path folder, TensorFlowThreads threads) {
    if (!ModelFolders.isSavedModel(folder)) {
      throw new IllegalArgumentException(folder + ": not a SavedModel (no " + ModelFolders.SAVED_MODEL_FILE + ")");
    }
    List<SavedModelBundle> loaded = new ArrayList<>(2);
    try {
      SavedModelBundle bundle = loadBundle(folder, threads.configProto(), loaded);
      SavedModelBundle smallBatchBundle = threads.routesSmallBatches(System.getenv()) ? loadBundle(folder, threads.withIntraOp(1).configProto(), loaded) : null;
      return new SavedModelSession(folder, bundle, smallBatchBundle);
    } catch (RuntimeException e) {
      IllegalArgumentException error = new IllegalArgumentException("cannot load SavedModel " + folder + ": " + ErrorMessages.firstLine(e), e);
      try {
        closeAll(loaded);
      } catch (RuntimeException closing) {
        error.addSuppressed(closing);
      }
      throw error;
    }
  }

  private static SavedModelBundle loadBundle(Path folder, ConfigProto config, List<SavedModelBundle> loaded) {
    SavedModelBundle bundle = SavedModelBundle.loader(folder.toString()).withTags(SERVE_TAG).withConfigProto(config).load();
    loaded.add(bundle);
    return bundle;
  }

  /** Whether small batches run on a session of their own (one intra-op thread). */
  public boolean routesSmallBatches() {
    return smallBatches != null;
  }

  @Override
  public Backend kind() {
    return Backend.TENSORFLOW;
  }

  @Override
  public Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputNames) {
    LoadedGraph loaded = smallBatches != null && isSmallBatch(feeds) ? smallBatches : main;
    return loaded.run(key, feeds, outputNames);
  }

  @Override
  public void close() {
    closeAll(smallBatches == null ? List.of(main.bundle) : List.of(main.bundle, smallBatches.bundle));
  }

  /** Closes every bundle even when closing one throws (the first failure is thrown, the others added to it). */
  private static void closeAll(List<SavedModelBundle> bundles) {
    RuntimeException failure = null;
    for (SavedModelBundle bundle : bundles) {
      try {
        bundle.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** One loaded copy of the graph and its session, with the graph outputs each run plan feeds and fetches. */
  private final class LoadedGraph {
    private final SavedModelBundle bundle;
    private final Map<String, Map<String, Output<?>>> inputs = new TreeMap<>();
    private final Map<String, Map<String, Output<?>>> outputs = new TreeMap<>();
    private final Map<PlanKey, RunPlan> plans = new ConcurrentHashMap<>();

    LoadedGraph(SavedModelBundle bundle) {
      this.bundle = bundle;
      signatures().forEach(
          (key, def) -> {
            inputs.put(key, resolve(bundle.graph(), def.getInputsMap()));
            outputs.put(key, resolve(bundle.graph(), def.getOutputsMap()));
          });
    }

    Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputNames) {
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
  }

  private record PlanKey(String key, List<String> outputs) {
    PlanKey {
      outputs = List.copyOf(outputs);
    }
  }

  private record RunPlan(Map<String, Output<?>> inputs, Set<String> inputNames, List<Output<?>> fetches, int[] positions) {}

  private static Map<String, Output<?>> resolve(Graph graph, Map<String, TensorInfo> tensors) {
    Map<String, Output<?>> resolved = new LinkedHashMap<>();
    new TreeMap<>(tensors).forEach((name, info) -> resolved.put(name, graph.outputOrThrow(info.getName())));
    return resolved;
  }
}
