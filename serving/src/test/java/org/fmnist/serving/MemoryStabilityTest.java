package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 predictions leave resident memory flat: every native tensor is closed. Measured in a
 * child JVM with a 64 MiB heap (so heap growth cannot pass for a leak) and JavaCPP's garbage-
 * collector clean-up of native memory turned off (so a tensor left unclosed stays allocated
 * instead of being freed late): after 20,000 warm-up predictions, the next 100,000 may not add
 * more than 24 MiB. Leaving the input tensor unclosed makes it grow by over 300 MiB.
 */
class MemoryStabilityTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"single", "batched"})
  void residentMemoryStaysFlatOver100000Predictions(String mode, @TempDir Path dir) throws Exception {
    Path model = TestModels.exportStandard(dir.resolve("1"), 0.2f);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-Dorg.bytedeco.javacpp.nopointergc=true",
                "-cp",
                System.getProperty("java.class.path"),
                PredictionLoop.class.getName(),
                model.toString(),
                "120000",
                "10000",
                mode)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<long[]> samples = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        String[] fields = line.split(" ");
        samples.add(new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])});
      }
    }
    assertEquals(0, child.waitFor());
    samples.sort(Comparator.comparingLong(sample -> sample[0])); // batched: four threads report
    assertEquals(12, samples.size());
    long warm = samples.get(1)[1];
    long last = samples.get(samples.size() - 1)[1];
    StringBuilder trace = new StringBuilder();
    samples.forEach(s -> trace.append(s[0]).append(": ").append(s[1] / 1024).append(" MiB; "));
    assertTrue(last - warm < 24 * 1024, "resident memory grew by " + (last - warm) / 1024 + " MiB: " + trace);
  }
}
