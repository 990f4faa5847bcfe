package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fmnist.experiment.KernelSizeExperiment;
import org.fmnist.experiment.ExperimentRecipe;
import org.fmnist.experiment.Shard;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * deploy/kernel-size-job.yaml and deploy/kernel-size-merge-job.yaml: valid YAML, an Indexed Job
 * whose pods' arguments the real CLI parses into shards that together cover the plan exactly once,
 * on the volume the merge Job reads with the same experiment options.
 */
class KernelSizeJobYamlTest {
  private static final Path DEPLOY = Path.of("..", "deploy");

  @Test
  void theIndexedJobsShardsCoverThePlanOnceOnTheSharedVolume() throws IOException {
    List<Map<String, Object>> docs = load("kernel-size-job.yaml");
    Map<String, Object> claim = byKind(docs, "PersistentVolumeClaim");
    assertTrue(list(map(claim, "spec"), "accessModes").contains("ReadWriteMany"));
    Map<String, Object> job = byKind(docs, "Job");
    Map<String, Object> spec = map(job, "spec");
    assertEquals("Indexed", spec.get("completionMode"));
    int pods = (Integer) spec.get("completions");
    Map<String, Object> pod = map(map(spec, "template"), "spec");
    Map<String, Object> container = container(pod, map(claim, "metadata").get("name"));
    assertEquals(List.of("fmnist"), container.get("command"));
    assertEquals(
        "metadata.annotations['batch.kubernetes.io/job-completion-index']",
        map(map(envVar(container, "JOB_COMPLETION_INDEX"), "valueFrom"), "fieldRef").get("fieldPath"));

    Set<Integer> covered = new HashSet<>();
    KernelSizeExperiment reference = null;
    for (int index = 0; index < pods; index++) {
      List<String> args = new ArrayList<>();
      for (Object a : list(container, "args")) {
        args.add(a.toString().replace("$(JOB_COMPLETION_INDEX)", Integer.toString(index)));
      }
      ExperimentCommand.KernelSize parsed = parse(args);
      Shard shard = Shard.parse(parsed.shard);
      assertEquals(new Shard(index, pods), shard, "pod " + index);
      assertTrue(parsed.out.startsWith(mountPath(container)), "--out is on the shared volume");
      reference = experiment(parsed);
      for (int i = 0; i < reference.plan().size(); i++) {
        if (shard.owns(i)) {
          assertTrue(covered.add(i), "run " + i + " belongs to one pod only");
        }
      }
    }
    assertNotNull(reference);
    assertEquals(20, reference.plan().size(), "baseline + k3, k5, k7 over 5 seeds");
    assertEquals(reference.plan().size(), covered.size(), "every planned run has a pod");

    Map<String, Object> merge = byKind(load("kernel-size-merge-job.yaml"), "Job");
    Map<String, Object> mergePod = map(map(map(merge, "spec"), "template"), "spec");
    Map<String, Object> mergeContainer = container(mergePod, map(claim, "metadata").get("name"));
    ExperimentCommand.KernelSize merging = parse(list(mergeContainer, "args").stream().map(Object::toString).toList());
    assertTrue(merging.merge);
    assertNull(merging.shard);
    ExperimentCommand.KernelSize training =
        parse(list(container, "args").stream().map(a -> a.toString().replace("$(JOB_COMPLETION_INDEX)", "0")).toList());
    assertEquals(training.out, merging.out);
    assertEquals(mountPath(container), mountPath(mergeContainer));
    assertEquals(
        reference.plan(), experiment(merging).plan(), "the merge Job plans the same runs");
    assertEquals(training.epochs, merging.epochs);
    assertEquals(training.limitTrain, merging.limitTrain);
  }

  private static KernelSizeExperiment experiment(ExperimentCommand.KernelSize c) {
    return new KernelSizeExperiment(c.kernels, c.seeds, c.withBaseline, new ExperimentRecipe(c.epochs, c.limitTrain, 1), c.out);
  }

  /** The kernel-size command as the real CLI parses the pod's arguments. */
  private static ExperimentCommand.KernelSize parse(List<String> args) {
    assertEquals(List.of("experiment", "kernel-size"), args.subList(0, 2));
    CommandLine.ParseResult result = new CommandLine(new Fmnist()).parseArgs(args.toArray(String[]::new));
    return (ExperimentCommand.KernelSize) result.subcommand().subcommand().commandSpec().userObject();
  }

  /** The pod's one container, whose volume is the claim {@code claimName}. */
  private static Map<String, Object> container(Map<String, Object> pod, Object claimName) {
    List<Object> containers = list(pod, "containers");
    assertEquals(1, containers.size());
    @SuppressWarnings("unchecked")
    Map<String, Object> volume = (Map<String, Object>) list(pod, "volumes").get(0);
    assertEquals(claimName, map(volume, "persistentVolumeClaim").get("claimName"));
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) containers.get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> mount = (Map<String, Object>) list(c, "volumeMounts").get(0);
    assertEquals(volume.get("name"), mount.get("name"));
    return c;
  }

  private static Path mountPath(Map<String, Object> container) {
    @SuppressWarnings("unchecked")
    Map<String, Object> mount = (Map<String, Object>) list(container, "volumeMounts").get(0);
    return Path.of((String) mount.get("mountPath"));
  }

  private static Map<String, Object> envVar(Map<String, Object> container, String name) {
    for (Object o : list(container, "env")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> e = (Map<String, Object>) o;
      if (name.equals(e.get("name"))) {
        return e;
      }
    }
    throw new AssertionError("no env var " + name);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> load(String file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(DEPLOY.resolve(file)))) {
      docs.add((Map<String, Object>) doc);
    }
    return docs;
  }

  private static Map<String, Object> byKind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow(() -> new AssertionError("no " + kind));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertTrue(value instanceof Map, key + " is a mapping");
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertTrue(value instanceof List, key + " is a list");
    return (List<Object>) value;
  }
}
