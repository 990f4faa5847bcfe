package org.fmnist.bench.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.fmnist.serving.CentroidOnnx;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole harness for a moment on a test model: every row and note comes out; no figure is judged. */
class ServingBenchmarkSmokeTest {
  @Test
  void printsEveryRowOfTheTable(@TempDir Path dir) {
    Path version = TestModels.exportStandard(dir.resolve("fashion/1"), 0.2f);
    CentroidOnnx.write(version.resolve("model.onnx"), 0.2f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code =
          ServingBenchmark.commandLine()
              .execute("--model", dir.resolve("fashion").toString(), "--seconds", "0.3", "--warmup", "0.1", "--batch", "8",
                  "--clients", "2,3", "--rounds", "2", "--server-warmup", "0.5", "--memory-predictions", "2000", "--images", "50");
    } finally {
      System.setOut(stdout);
    }
    String report = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, report);
    List<String> rows = report.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| Path")).toList();
    // the single-client table (TF Java, raw ONNX Runtime, fmnist's ONNX backend, the interleaved batch-1 trio), then side by
    // side: per client count, batch 1 has in process, gRPC, REST, both again with --enable-batching, and REST on the ONNX
    // backend without and with it; batch 8 the first three
    assertEquals(9 + 2 * 7 + 2 * 3, rows.size(), report);
    assertTrue(rows.get(0).startsWith("| TF Java in process | 1 | 1 |"), rows.get(0));
    assertTrue(rows.get(1).startsWith("| TF Java in process | 8 | 1 |"), rows.get(1));
    assertTrue(rows.get(2).startsWith("| ONNX Runtime Java "), rows.get(2));
    assertTrue(rows.get(4).startsWith("| fmnist ONNX backend in process | 1 | 1 |"), rows.get(4));
    assertTrue(rows.get(5).startsWith("| fmnist ONNX backend in process | 8 | 1 |"), rows.get(5));
    assertTrue(rows.get(6).matches("\\| ONNX Runtime Java .* \\(interleaved\\) \\| 1 \\| 1 \\|.*"), rows.get(6));
    assertTrue(rows.get(7).startsWith("| fmnist ONNX backend (interleaved) | 1 | 1 |"), rows.get(7));
    assertTrue(rows.get(8).startsWith("| fmnist TF backend (interleaved) | 1 | 1 |"), rows.get(8));
    assertTrue(report.matches("(?s).*p50 relative to ONNX Runtime Java [^ ]+ \\(interleaved, batch 1\\):.* fmnist TF backend \\d+\\.\\d\\d×\\..*"), report);
    assertTrue(rows.get(9).startsWith("| TF Java in process | 1 | 2 |"), rows.get(9));
    assertTrue(rows.get(10).startsWith("| gRPC `Predict` (fmnist serve, loopback) | 1 | 2 |"), rows.get(10));
    assertTrue(rows.get(11).matches("\\| REST `:predict` \\(fmnist serve, loopback\\) \\| 1 \\| 2 \\|.* \\| 1\\.00× \\| \\d+ % \\| [\\d,]+ \\|"), rows.get(11));
    assertTrue(rows.get(12).startsWith("| gRPC `Predict`, `--enable-batching` | 1 | 2 |"), rows.get(12));
    assertTrue(rows.get(13).startsWith("| REST `:predict`, `--enable-batching` | 1 | 2 |"), rows.get(13));
    assertTrue(rows.get(14).startsWith("| REST `:predict`, ONNX backend | 1 | 2 |"), rows.get(14));
    assertTrue(rows.get(15).matches("\\| REST `:predict`, ONNX backend, `--enable-batching` \\| 1 \\| 2 \\|.* \\| \\d+\\.\\d\\d× \\| \\d+ % \\| [\\d,]+ \\|"), rows.get(15));
    assertTrue(rows.get(16).startsWith("| TF Java in process | 1 | 3 |"), rows.get(16));
    assertTrue(rows.get(23).startsWith("| TF Java in process | 8 | 2 |"), rows.get(23));
    assertTrue(rows.get(28).matches("\\| REST `:predict` \\(fmnist serve, loopback\\) \\| 8 \\| 3 \\|.*"), rows.get(28));
    assertTrue(report.contains("Side by side: 2 interleaved rounds"), report);
    assertTrue(report.contains("JIT warm-up before the rounds, not measured: 0.5 s split across the 8 server paths of the table"), report);
    assertTrue(report.contains("same class for 50."), report);
    assertTrue(report.matches("(?s).*more \\([+-]\\d+ MiB\\)\\..*"), report);
  }

  @Test
  void badOptionsAndAMissingModelAreOneLineErrorsBeforeAnyWork(@TempDir Path dir) {
    for (String[] bad : List.of(new String[] {"--batch", "0"}, new String[] {"--clients", "4,0"}, new String[] {"--seconds", "0"}, new String[] {"--server-warmup", "-1"},
        new String[] {"--images", "0"})) {
      Run run = Run.of("--model", dir.toString(), bad[0], bad[1]);
      assertEquals(2, run.code(), run.err());
      assertTrue(run.err().startsWith(bad[0] + " must be "), run.err());
    }
    Run missing = Run.of("--model", dir.resolve("none").toString());
    assertEquals(1, missing.code());
    assertEquals("bench: error: " + dir.resolve("none") + ": no such model folder\n", missing.err());
  }

  private record Run(int code, String err) {
    static Run of(String... args) {
      StringWriter err = new StringWriter();
      int code = ServingBenchmark.commandLine().setErr(new PrintWriter(err, true)).execute(args);
      return new Run(code, err.toString());
    }
  }
}
