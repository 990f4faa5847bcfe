package org.fmnist.serving.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --batching-parameters-file: TF Serving's text format, its defaults, and one-line errors. */
class BatchingParametersFileTest {
  @TempDir Path dir;

  private BatchingParameters read(String text) throws Exception {
    Path file = dir.resolve("batching.config");
    Files.writeString(file, text);
    return BatchingParametersFile.read(file);
  }

  private String refused(String text) throws Exception {
    Path file = dir.resolve("batching.config");
    Files.writeString(file, text);
    String message = assertThrows(IllegalArgumentException.class, () -> BatchingParametersFile.read(file)).getMessage();
    assertTrue(message.startsWith("batching parameters file " + file + ": "), message);
    assertEquals(1, message.lines().count(), message);
    return message.substring(("batching parameters file " + file + ": ").length());
  }

  @Test
  void aTensorFlowServingFileReadsWithEveryField() throws Exception {
    BatchingParameters parameters =
        read(
            """
            # as TF Serving's documentation writes them
            max_batch_size { value: 128 }
            batch_timeout_micros { value: 500 }
            max_enqueued_batches { value: 100 }
            num_batch_threads { value: 3 }
            thread_pool_name { value: "fashion_batch_threads" }
            allowed_batch_sizes: 8
            allowed_batch_sizes: 32
            pad_variable_length_inputs: true
            enable_large_batch_splitting { value: true }
            max_execution_batch_size { value: 32 }
            """);
    assertEquals(new BatchingParameters(128, 500, 100, 3, List.of(8, 32), true, 32), parameters);
  }

  @Test
  void whatTheFileLeavesOutTakesTensorFlowServingsDefaults() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(BatchingParameters.defaults(), read(""));
    assertEquals(new BatchingParameters(64, 0, 10, cores, List.of(), true, 64), read("max_batch_size { value: 64 } enable_large_batch_splitting { value: true }"));
    // max_execution_batch_size is relevant only with enable_large_batch_splitting (TF Serving ignores it otherwise)
    assertEquals(new BatchingParameters(64, 0, 10, cores, List.of()), read("max_batch_size { value: 64 } max_execution_batch_size { value: 8 }"));
  }

  @Test
  void aFileThatDoesNotReadOrBreaksARuleIsAOneLineError() throws Exception {
    String misspelt = refused("max_batch_sise { value: 8 }");
    assertTrue(misspelt.startsWith("1:") && misspelt.contains("max_batch_sise"), misspelt);
    String unwrapped = refused("max_batch_size: 8");
    assertTrue(unwrapped.startsWith("1:"), unwrapped);
    assertEquals(
        "the last entry of allowed_batch_sizes must equal max_batch_size (16), got [4, 8]",
        refused("max_batch_size { value: 16 } allowed_batch_sizes: 4 allowed_batch_sizes: 8"));
    assertEquals("num_batch_threads must be at least 1, got 0", refused("num_batch_threads { value: 0 }"));
    assertEquals("max_batch_size must be at most 2147483647, got 4294967296", refused("max_batch_size { value: 4294967296 }"));
    Path missing = dir.resolve("absent.config");
    String unreadable = assertThrows(IllegalArgumentException.class, () -> BatchingParametersFile.read(missing)).getMessage();
    assertTrue(unreadable.startsWith("cannot read the batching parameters file " + missing), unreadable);
  }
}
