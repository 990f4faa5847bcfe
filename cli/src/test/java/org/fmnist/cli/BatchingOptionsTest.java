package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fmnist.serving.batching.BatchingParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve's batching options: TF Serving's parameter names as options, or its batching parameters file, never both. */
class BatchingOptionsTest {
  @TempDir Path tmp;

  private static Optional<BatchingParameters> parsed(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.batching.parameters();
  }

  private static void assertRefused(int code, String message, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(code, run.exitCode(), run.err());
    assertTrue(run.err().contains(message), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
  }

  @Test
  void theOptionsOrTheFileGiveTheParameters() throws Exception {
    String base = tmp.toString();
    assertEquals(Optional.empty(), parsed("--model-base-path", base));
    assertEquals(
        Optional.of(new BatchingParameters(32, 500, 10, 2, List.of(4, 8), true, 8)),
        parsed(
            "--model-base-path", base, "--enable-batching", "--max-batch-size", "32", "--batch-timeout-micros", "500", "--num-batch-threads", "2",
            "--allowed-batch-sizes", "4,8", "--enable-large-batch-splitting", "--max-execution-batch-size", "8"));
    Path file = Files.writeString(tmp.resolve("batching.config"), "max_batch_size { value: 16 } num_batch_threads { value: 1 } allowed_batch_sizes: 16");
    assertEquals(
        Optional.of(new BatchingParameters(16, 0, 10, 1, List.of(16))),
        parsed("--model-base-path", base, "--enable-batching", "--batching-parameters-file", file.toString()));
  }

  @Test
  void aFileWithParameterOptionsOrOptionsWithoutBatchingAreUsageErrors() throws Exception {
    String base = tmp.toString();
    Path file = Files.writeString(tmp.resolve("batching.config"), "max_batch_size { value: 16 }");
    assertRefused(
        2,
        "--batching-parameters-file gives every batching parameter: leave out --max-batch-size, --num-batch-threads (or the file)",
        "serve", "--model-base-path", base, "--enable-batching", "--batching-parameters-file", file.toString(), "--max-batch-size", "8", "--num-batch-threads", "1");
    assertRefused(2, "--batching-parameters-file needs --enable-batching", "serve", "--model-base-path", base, "--batching-parameters-file", file.toString());
    assertRefused(2, "--max-batch-size needs --enable-batching", "serve", "--model-base-path", base, "--max-batch-size", "8");
    assertRefused(
        2, "--max-execution-batch-size needs --enable-large-batch-splitting", "serve", "--model-base-path", base, "--enable-batching", "--max-execution-batch-size", "8");
    Files.writeString(file, "max_batch_size { value: 0 }");
    assertRefused(
        1, "batching parameters file " + file + ": max_batch_size must be at least 1, got 0",
        "serve", "--model-base-path", base, "--enable-batching", "--batching-parameters-file", file.toString());
  }
}
