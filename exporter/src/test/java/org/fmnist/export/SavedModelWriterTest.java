package org.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorFlow's own write errors become one-line I/O errors, which the export reports with its folder. */
class SavedModelWriterTest {
  @TempDir Path dir;

  @Test
  void tensorFlowsWriteFailureIsAnIoErrorOfOneLine() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "in the way");
    TrainedRun run = TrainedRun.open(TrainedRuns.preset("baseline", 3));
    try (InferenceModel model = InferenceModel.restore(run.spec(), run.checkpoint())) {
      IOException e = assertThrows(IOException.class, () -> SavedModelWriter.write(model, file.resolve("1")));
      assertEquals("cannot write the SavedModel: " + file.resolve("1/variables") + "; Not a directory", e.getMessage());
    }
  }
}
