package org.fmnist.data;

import java.util.Locale;
import java.util.Map;

/** What {@code fmnist data info} prints: source, counts per split and class, checksums. */
public final class DatasetInfo {
  private DatasetInfo() {}

  public static String describe(FashionMnist data) {
    StringBuilder out = new StringBuilder();
    out.append("Source: ").append(data.source().toAbsolutePath()).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "Images: %d train, %d test (%dx%d grey)\n\n",
            data.train().size(),
            data.test().size(),
            LabeledImages.ROWS,
            LabeledImages.COLS));
    out.append(
        String.format(Locale.ROOT, "%5s  %-12s %7s %7s\n", "label", "class", "train", "test"));
    int[] train = data.train().classCounts();
    int[] test = data.test().classCounts();
    for (int label = 0; label < ClassNames.COUNT; label++) {
      out.append(
          String.format(
              Locale.ROOT,
              "%5d  %-12s %7d %7d\n",
              label,
              ClassNames.of(label),
              train[label],
              test[label]));
    }
    out.append("\nSHA-256 of the decompressed files:\n");
    for (Map.Entry<String, String> entry : data.checksums().entrySet()) {
      boolean official = ExpectedChecksums.official().matches(entry.getKey(), entry.getValue());
      out.append(
          String.format(
              Locale.ROOT,
              "  %-24s %s%s\n",
              entry.getKey(),
              entry.getValue(),
              official ? "  (official)" : ""));
    }
    return out.toString();
  }
}
