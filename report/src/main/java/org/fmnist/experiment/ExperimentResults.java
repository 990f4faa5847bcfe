package org.fmnist.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fmnist.io.AtomicFiles;
import org.fmnist.io.Json;
import org.fmnist.report.Numbers;
import org.fmnist.report.Table;

/**
 * The experiment's results: per model the mean ± sample standard deviation over seeds, and every
 * single run. Written as {@code results.md}, {@code results.csv} and {@code results.json}.
 */
public record ExperimentResults(
    ExperimentRecipe recipe, List<Variant> variants, List<VariantSummary> configurations, List<RunOutcome> runs) {
  public static final String MARKDOWN = "results.md";
  public static final String CSV = "results.csv";
  public static final String JSON = "results.json";

  public ExperimentResults {
    variants = List.copyOf(variants);
    configurations = List.copyOf(configurations);
    runs = List.copyOf(runs);
  }

  /** The headline table: one row per model. */
  public Table table() {
    List<List<String>> rows = new ArrayList<>();
    for (VariantSummary s : configurations) {
      rows.add(
          List.of(
              s.model(),
              s.kernel() == null ? "–" : s.kernel() + " × " + s.kernel(),
              Numbers.grouped(s.parameters()),
              s.testAccuracy().format(100, 2) + " %",
              s.testLoss().format(1, 4),
              s.secondsPerEpoch().format(1, 2),
              s.bestEpoch().format(1, 1),
              Integer.toString(s.runs())));
    }
    return new Table(
        List.of(
            "model", "kernel", "parameters", "test accuracy (mean ± sd)", "test loss (mean ± sd)",
            "seconds / epoch", "best epoch (val loss)", "seeds"),
        rows);
  }

  /** Every run, one row each. */
  public Table runsTable() {
    List<List<String>> rows = new ArrayList<>();
    for (RunOutcome r : runs) {
      rows.add(
          List.of(
              r.model(),
              Long.toString(r.seed()),
              Numbers.percent(r.testAccuracy(), 2),
              Numbers.fixed(r.testLoss(), 4),
              Numbers.fixed(r.secondsPerEpoch(), 2),
              Integer.toString(r.bestEpoch()),
              r.folder()));
    }
    return new Table(
        List.of("model", "seed", "test accuracy", "test loss", "seconds / epoch", "best epoch", "run folder"),
        rows);
  }

  /** The models compared: their layers and parameter counts. */
  public Table modelsTable() {
    List<List<String>> rows = new ArrayList<>();
    for (Variant v : variants) {
      rows.add(List.of(v.label(), v.spec().toText(), Numbers.grouped(v.spec().parameters())));
    }
    return new Table(List.of("model", "layers", "parameters"), rows);
  }

  public String markdown() {
    StringBuilder out = new StringBuilder("# Kernel-size experiment\n\n");
    recipe.describe().forEach(line -> out.append("- ").append(line).append('\n'));
    out.append('\n').append(modelsTable().toMarkdown());
    out.append("\n## Results (mean ± sample standard deviation over seeds)\n\n");
    out.append(table().toMarkdown());
    out.append("\n## Runs\n\n").append(runsTable().toMarkdown());
    return out.toString();
  }

  public String csv() {
    StringBuilder out =
        new StringBuilder(
            "model,kernel,parameters,seeds,test_accuracy_mean,test_accuracy_sd,test_loss_mean,"
                + "test_loss_sd,seconds_per_epoch_mean,seconds_per_epoch_sd,best_epoch_mean,"
                + "best_epoch_sd\n");
    for (VariantSummary s : configurations) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.3f,%.3f,%.3f%n",
              s.model(), s.kernel() == null ? "" : s.kernel().toString(), s.parameters(), s.runs(),
              s.testAccuracy().mean(), s.testAccuracy().sd(), s.testLoss().mean(), s.testLoss().sd(),
              s.secondsPerEpoch().mean(), s.secondsPerEpoch().sd(), s.bestEpoch().mean(),
              s.bestEpoch().sd()));
    }
    return out.toString();
  }

  public Map<String, Object> json() {
    Map<String, Object> recipeJson = new LinkedHashMap<>();
    recipeJson.put("epochs", recipe.epochs());
    recipeJson.put("batchSize", ExperimentRecipe.BATCH_SIZE);
    recipeJson.put("learningRate", ExperimentRecipe.LEARNING_RATE);
    recipeJson.put("validationSplit", ExperimentRecipe.VALIDATION_SPLIT);
    recipeJson.put("limitTrain", recipe.limitTrain());
    recipeJson.put("threads", recipe.threads());
    recipeJson.put("description", recipe.describe());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("recipe", recipeJson);
    json.put("configurations", configurations);
    json.put("runs", runs);
    return json;
  }

  /** Writes the three result files into {@code folder}; returns their paths. */
  public List<Path> write(Path folder) {
    Path md = folder.resolve(MARKDOWN);
    Path csv = folder.resolve(CSV);
    Path json = folder.resolve(JSON);
    AtomicFiles.writeString(md, markdown());
    AtomicFiles.writeString(csv, csv());
    Json.writeAtomically(json, json());
    return List.of(md, csv, json);
  }
}
