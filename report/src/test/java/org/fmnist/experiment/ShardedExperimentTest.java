package org.fmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fmnist.data.FashionMnist;
import org.fmnist.errors.BadOptionException;
import org.fmnist.errors.RunFolderException;
import org.fmnist.report.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedExperimentTest {
  @TempDir Path out;

  @Test
  void shardsSplitThePlanAndMergeReportsEveryFinishedRun() {
    FashionMnist data = Fixtures.small();
    KernelSizeExperiment experiment =
        new KernelSizeExperiment(List.of(3), 3, true, new ExperimentRecipe(1, 200, 2), out);
    // plan: baseline-seed1, cnn-k3-seed1, baseline-seed2, cnn-k3-seed2, baseline-seed3, cnn-k3-seed3
    List<RunOutcome> first = experiment.train(Shard.parse("0/2"), data, List.of(), line -> {});
    assertEquals(List.of("baseline", "baseline", "baseline"), first.stream().map(RunOutcome::model).toList());
    assertFalse(Files.exists(out.resolve(ExperimentResults.JSON)), "a shard writes no report");
    assertFalse(Files.exists(out.resolve("runs/cnn-k3-seed1")));

    RunFolderException nothingYet = assertThrows(RunFolderException.class, () -> experiment.merge(line -> {}));
    assertTrue(nothingYet.getMessage().startsWith("no finished run of cnn-k3"), nothingYet.getMessage());

    List<RunOutcome> second = experiment.train(Shard.parse("1/2"), data, List.of(), line -> {});
    assertEquals(List.of(1L, 2L, 3L), second.stream().map(RunOutcome::seed).toList());
    List<String> log = new ArrayList<>();
    ExperimentResults merged = experiment.merge(log::add);
    assertEquals(List.of(), log, "nothing is missing");
    assertEquals(6, merged.runs().size());
    assertTrue(Files.isRegularFile(out.resolve(ExperimentReport.HTML)));

    // the unsharded command on the same folder finds everything finished and reports the same runs
    ExperimentResults again = experiment.run(data, List.of(), line -> {});
    assertEquals(merged.runs(), again.runs());
  }

  @Test
  void aMergeBeforeEveryShardFinishedNamesWhatIsMissing() throws Exception {
    FashionMnist data = Fixtures.small();
    KernelSizeExperiment experiment =
        new KernelSizeExperiment(List.of(3), 2, false, new ExperimentRecipe(1, 200, 2), out);
    experiment.train(Shard.parse("0/2"), data, List.of(), line -> {});
    List<String> log = new ArrayList<>();
    ExperimentResults partial = experiment.merge(log::add);
    assertEquals(1, partial.runs().size());
    assertEquals(List.of("not finished yet, left out of the report: cnn-k3-seed2"), log);
  }

  @Test
  void parsesShardsAndRefusesBadOnes() {
    assertEquals(new Shard(2, 4), Shard.parse(" 2/4 "));
    assertTrue(new Shard(1, 3).owns(4));
    assertFalse(new Shard(1, 3).owns(3));
    for (String bad : List.of("4/4", "-1/4", "1/0", "1", "a/b", "1/2/3")) {
      assertThrows(BadOptionException.class, () -> Shard.parse(bad), bad);
    }
  }
}
