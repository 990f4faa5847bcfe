package org.fmnist.export;

import java.nio.file.Path;
import java.util.Locale;
import org.fmnist.io.Json;

/** The readable part of {@code fmnist.json}. */
final class ProvenanceDescription {
  private ProvenanceDescription() {}

  static String of(Path file) {
    Provenance p = Json.read(file, Provenance.class);
    StringBuilder out = new StringBuilder("Provenance: ").append(file).append('\n');
    line(out, "name", p.name() + ", version " + p.version() + ", created " + p.createdAt());
    line(out, "model", String.format(Locale.ROOT, "%s, %,d parameters (%,d trainable)",
        p.model().name(), p.model().parameters(), p.model().trainableParameters()));
    line(out, "spec", p.model().spec());
    line(out, "classes", String.join(", ", p.classNames()));
    line(out, "training", String.format(Locale.ROOT,
        "%d of %d epochs, batch %d, learning rate %s, validation split %s, seed %d%s",
        p.epochsTrained(), p.training().epochs(), p.training().batchSize(), p.training().learningRate(),
        p.training().validationSplit(), p.seed(),
        p.training().limitTrain() > 0 ? ", first " + p.training().limitTrain() + " training images" : ""));
    line(out, "run", p.run());
    line(out, "test", String.format(Locale.ROOT, "accuracy %.4f, loss %.4f",
        p.testMetrics().accuracy(), p.testMetrics().loss()));
    line(out, "dataset", p.dataset().source() + " (" + p.dataset().trainImages() + " train, "
        + p.dataset().testImages() + " test images)");
    p.dataset().sha256().forEach((name, sha) -> line(out, "  sha256", name + " " + sha));
    line(out, "software", "fmnist " + p.software().fmnist() + ", TensorFlow Java " + p.software().tensorflowJava()
        + " (TensorFlow " + p.software().tensorflow() + ")");
    line(out, "artifacts", String.join(", ", p.artifacts()));
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format(Locale.ROOT, "  %-10s %s%n", key + ":", value));
  }
}
