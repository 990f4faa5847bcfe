package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fmnist.experiment.ExperimentRecipe;
import org.fmnist.experiment.ExperimentReport;
import org.fmnist.experiment.KernelSizeExperiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every report opens in a real headless browser with all its pictures decoded at full size. */
class ReportsInBrowserTest {
  @TempDir Path out;
  @TempDir Path scratch;

  @Test
  void edaReport() throws Exception {
    EdaReport.write(Fixtures.small(), out);
    assertAllPicturesShown(
        out.resolve(EdaReport.HTML),
        List.of(EdaReport.SAMPLES, EdaReport.DISTRIBUTION, EdaReport.MEAN_IMAGES));
  }

  @Test
  void runReport() throws Exception {
    List<Path> files = RunVisualizer.visualize(Fixtures.tinyRun(), Fixtures.small().test(), 0, out, 2);
    List<String> pictures = new ArrayList<>();
    files.stream()
        .map(f -> f.getFileName().toString())
        .filter(name -> name.endsWith(".png"))
        .forEach(pictures::add);
    assertEquals(9, pictures.size());
    assertAllPicturesShown(out.resolve(RunReport.HTML), pictures);
  }

  @Test
  void experimentReport() throws Exception {
    new KernelSizeExperiment(List.of(3), 1, true, new ExperimentRecipe(1, 200, 2), out)
        .run(Fixtures.small(), List.of(), line -> {});
    assertAllPicturesShown(
        out.resolve(ExperimentReport.HTML),
        List.of(
            ExperimentReport.ACCURACY, ExperimentReport.PARAMETERS, ExperimentReport.SECONDS,
            ExperimentReport.CURVES));
  }

  private void assertAllPicturesShown(Path html, List<String> pictures) throws Exception {
    Chromium chromium = Chromium.require();
    List<String> expected = new ArrayList<>();
    for (String name : pictures) {
      BufferedImage png = Fixtures.decodePng(html.resolveSibling(name));
      expected.add("ok " + png.getWidth() + "x" + png.getHeight() + " " + name);
    }
    assertEquals(expected, chromium.imageStates(html, scratch));
  }
}
