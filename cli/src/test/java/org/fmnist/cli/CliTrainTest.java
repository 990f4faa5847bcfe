package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end on a small slice of the real data: train, then evaluate the run. */
class CliTrainTest {
  @TempDir Path tmp;

  @Test
  void trainThenEvaluateTheRun() throws Exception {
    Path run = tmp.resolve("run");
    CliRun train =
        CliRun.of("train", "--model", "cnn", "--epochs", "1", "--limit-train", "3000", "--run-dir", run.toString());
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.err().contains("Epoch 1/1"), train.err());
    assertTrue(train.err().matches("(?s).*85/85 \\[=+\\] \\d+s \\d+(ms|us)/step - loss: [0-9.]+ - accuracy: [0-9.]+ - val_loss: [0-9.]+ - val_accuracy: [0-9.]+.*"), train.err());
    assertTrue(train.out().contains("test_accuracy: "), train.out());
    assertTrue(Files.isRegularFile(run.resolve("history.csv")));

    CliRun evaluate = CliRun.of("evaluate", "--run", run.toString());
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    String trainedLine = train.out().lines().filter(l -> l.startsWith("test_loss")).findFirst().orElseThrow();
    String evaluatedLine = evaluate.out().lines().filter(l -> l.startsWith("test_loss")).findFirst().orElseThrow();
    assertEquals(trainedLine, evaluatedLine);
  }
}
