package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI under default locales whose case rules or number formats differ from English: Turkish
 * upper-cases 'i' to 'İ' ("VALİD"), German groups digits with '.' and writes decimals with ','.
 */
class LocaleTest {
  private static final String SPEC = "conv:32:3:valid:relu maxpool:2 flatten dense:10";
  private final Locale original = Locale.getDefault();

  @TempDir Path tmp;

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tr-TR", "de-DE"})
  void summaryTrainAndPredictWorkAsInEnglish(String tag) {
    Locale.setDefault(Locale.forLanguageTag(tag));

    CliRun summary = CliRun.of("summary", "--spec", SPEC);
    assertEquals(0, summary.exitCode(), summary.err());
    assertTrue(summary.out().contains("conv2d (Conv2D)"), summary.out());
    assertTrue(summary.out().contains("Total params: 54,410"), summary.out());
    CliRun preset = CliRun.of("summary", "--model", "cnn", "--kernel-size", "7");
    assertTrue(preset.out().contains("Total params: 303,434"), preset.out());

    Path run = tmp.resolve("run");
    CliRun train =
        CliRun.of(
            "train", "--spec", SPEC, "--epochs", "1", "--limit-train", "500", "--no-plots",
            "--threads", "2", "--run-dir", run.toString());
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().matches("(?s).*test_accuracy: 0\\.\\d{4}.*"), train.out());

    Path models = tmp.resolve("models");
    CliRun export =
        CliRun.of("export", "--run", run.toString(), "--saved-models", models.toString(), "--name", "m");
    assertEquals(0, export.exitCode(), export.err());
    CliRun predict =
        CliRun.of("predict", "--model", models.resolve("m").toString(), "--test-index", "0");
    assertEquals(0, predict.exitCode(), predict.err());
    assertTrue(predict.out().matches("(?s).*test\\[0].* [01]\\.\\d{4}.*"), predict.out());
  }
}
