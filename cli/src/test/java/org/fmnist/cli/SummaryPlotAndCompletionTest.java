package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fmnist.model.Presets;
import org.fmnist.report.ModelDiagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryPlotAndCompletionTest {
  @TempDir Path tmp;

  @Test
  void summaryPlotDrawsTheModelDiagram() throws Exception {
    Path first = tmp.resolve("a/cnn.png");
    CliRun run = CliRun.of("summary", "--model", "cnn", "-k", "5", "--plot", first.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Total params: 253,514"), run.out());
    assertTrue(run.out().contains("diagram: " + first), run.out());
    BufferedImage image = ImageIO.read(first.toFile());
    ModelDiagram.Layout layout = ModelDiagram.layout(Presets.get("cnn", 5));
    assertEquals(layout.width(), image.getWidth());
    assertEquals(layout.height(), image.getHeight());

    Path second = tmp.resolve("b.png");
    assertEquals(0, CliRun.of("summary", "--model", "cnn", "-k", "5", "--plot", second.toString()).exitCode());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "byte-deterministic");
  }

  @Test
  void completionPrintsPicoclisScriptWhichCompletesInBash() throws Exception {
    CliRun bash = CliRun.of("completion", "bash");
    assertEquals(0, bash.exitCode(), bash.err());
    assertTrue(bash.out().contains("complete -F _complete_fmnist"), bash.out());
    assertTrue(bash.out().contains("--tensorboard-update-freq"), "train's options");
    assertEquals(bash.out(), CliRun.of("completion", "zsh").out(), "one script, zsh runs it with bashcompinit");

    Path script = tmp.resolve("fmnist.bash");
    Files.writeString(script, bash.out());
    assertEquals("train", complete(script, "fmnist tr"));
    assertEquals("--histogram-freq", complete(script, "fmnist train --hist"));

    CliRun fish = CliRun.of("completion", "fish");
    assertEquals(2, fish.exitCode());
    assertTrue(fish.err().contains("expected one of [bash, zsh]"), fish.err());
  }

  /** What bash offers at the end of {@code line} with the script loaded. */
  private static String complete(Path script, String line) throws Exception {
    String words = line.replace(" ", "\" \"");
    String command =
        "source '" + script + "' 2>/dev/null; COMP_WORDS=(\"" + words + "\"); COMP_CWORD="
            + (line.split(" ").length - 1) + "; _complete_fmnist 2>/dev/null; echo \"${COMPREPLY[*]}\"";
    Process bash = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, bash.waitFor(), out);
    return out;
  }
}
