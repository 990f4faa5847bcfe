package org.fmnist.experiment;

import org.fmnist.errors.BadOptionException;
import org.fmnist.errors.RunFolderException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.fmnist.data.FashionMnist;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingListener;

/**
 * {@code fmnist experiment kernel-size}: trains the {@code cnn} preset once per kernel size and
 * seed (and the baseline per seed on request) with one fixed {@link ExperimentRecipe}, each run in its own
 * run folder under {@code out/runs/}, then aggregates the results over seeds. Running it again
 * skips finished runs and continues an interrupted one from its last checkpoint. Several processes
 * (machines sharing {@code out}) can each train one {@link Shard} of the runs; {@link #merge} then
 * builds the report from every finished run.
 */
public final class KernelSizeExperiment {
  public static final String RUNS = "runs";

  private final List<Variant> variants;
  private final int seeds;
  private final ExperimentRecipe recipe;
  private final Path out;

  public KernelSizeExperiment(
      List<Integer> kernels, int seeds, boolean withBaseline, ExperimentRecipe recipe, Path out) {
    if (kernels.isEmpty()) {
      throw new BadOptionException("{kernels} needs at least one kernel size");
    }
    if (new LinkedHashSet<>(kernels).size() != kernels.size()) {
      throw new BadOptionException("{kernels} lists a size twice: " + kernels);
    }
    if (seeds < 1) {
      throw new BadOptionException("{seeds} must be >= 1, not " + seeds);
    }
    List<Variant> all = new ArrayList<>();
    if (withBaseline) {
      all.add(Variant.baseline());
    }
    for (int k : kernels) {
      if (k < 1 || k > 28) {
        throw new BadOptionException("{kernels}: kernel sizes must be in [1, 28], not " + k);
      }
      all.add(Variant.cnn(k));
    }
    this.variants = List.copyOf(all);
    this.seeds = seeds;
    this.recipe = recipe;
    this.out = out;
  }

  /** One planned run: a model and a seed, and the folder it lives in. */
  public record PlannedRun(Variant variant, long seed) {
    public String folderName() {
      return variant.label() + "-seed" + seed;
    }
  }

  /** Seed by seed, so that an unfinished experiment has compared every model on the same seeds. */
  public List<PlannedRun> plan() {
    List<PlannedRun> runs = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      for (Variant v : variants) {
        runs.add(new PlannedRun(v, seed));
      }
    }
    return runs;
  }

  /** Trains what is not finished yet, then writes and returns the results. */
  public ExperimentResults run(
      FashionMnist data, List<TrainingListener> listeners, Consumer<String> log) {
    return report(train(Shard.ALL, data, listeners, log));
  }

  /** Trains {@code shard}'s share of the runs that are not finished yet; writes no report. */
  public List<RunOutcome> train(
      Shard shard, FashionMnist data, List<TrainingListener> listeners, Consumer<String> log) {
    List<PlannedRun> plan = plan();
    List<RunOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      if (shard.owns(i)) {
        PlannedRun planned = plan.get(i);
        log.accept("[" + (i + 1) + "/" + plan.size() + "] " + planned.folderName());
        outcomes.add(runOne(planned, data, listeners, log));
      }
    }
    return outcomes;
  }

  /**
   * The report over every finished run in {@code out} (whichever shard trained it); runs not
   * finished yet are named in the log and left out. Every model needs at least one finished run.
   */
  public ExperimentResults merge(Consumer<String> log) {
    List<RunOutcome> outcomes = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (PlannedRun planned : plan()) {
      String folder = RUNS + "/" + planned.folderName();
      RunDirectory run = new RunDirectory(out.resolve(folder));
      if (Files.isRegularFile(run.testMetrics())) {
        Trainer.requireSameConfig(run, recipe.config(planned.variant(), planned.seed()));
        outcomes.add(RunOutcome.read(planned.variant(), planned.seed(), run, folder));
      } else {
        missing.add(planned.folderName());
      }
    }
    if (!missing.isEmpty()) {
      log.accept("not finished yet, left out of the report: " + String.join(", ", missing));
    }
    for (Variant v : variants) {
      if (outcomes.stream().noneMatch(o -> o.model().equals(v.label()))) {
        throw new RunFolderException(
            "no finished run of " + v.label() + " in " + out.resolve(RUNS) + " yet: nothing to report");
      }
    }
    return report(outcomes);
  }

  private ExperimentResults report(List<RunOutcome> outcomes) {
    List<VariantSummary> summaries = new ArrayList<>();
    for (Variant v : variants) {
      summaries.add(
          VariantSummary.of(
              v, outcomes.stream().filter(o -> o.model().equals(v.label())).toList()));
    }
    ExperimentResults results = new ExperimentResults(recipe, variants, summaries, outcomes);
    results.write(out);
    ExperimentReport.write(results, out);
    return results;
  }

  private RunOutcome runOne(
      PlannedRun planned, FashionMnist data, List<TrainingListener> listeners, Consumer<String> log) {
    String folder = RUNS + "/" + planned.folderName();
    RunDirectory run = new RunDirectory(out.resolve(folder));
    TrainingConfig config = recipe.config(planned.variant(), planned.seed());
    boolean started = Files.isRegularFile(run.config());
    if (Files.isRegularFile(run.testMetrics())) {
      Trainer.requireSameConfig(run, config);
      log.accept("  finished earlier: skipped");
    } else {
      new Trainer(config, recipe.runtime(), run, listeners, log).fit(data, started);
    }
    return RunOutcome.read(planned.variant(), planned.seed(), run, folder);
  }

  public List<Variant> variants() {
    return variants;
  }
}
