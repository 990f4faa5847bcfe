package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Opens an HTML file in headless Chromium (Debian's {@code chromium} package) and reports, for
 * every image after the page's load event, whether it decoded and at what size.
 */
final class Chromium {
  private static final String CHECK =
      "<script>window.addEventListener('load',function(){var lines=Array.from(document.images)"
          + ".map(function(i){return (i.complete&&i.naturalWidth>0?'ok ':'broken ')+i.naturalWidth"
          + "+'x'+i.naturalHeight+' '+i.getAttribute('data-file');});var p=document.createElement"
          + "('pre');p.id='image-check';p.textContent=lines.join('\\n');"
          + "document.body.appendChild(p);});</script>";
  private static final String START = "<pre id=\"image-check\">";

  private final Path executable;

  private Chromium(Path executable) {
    this.executable = executable;
  }

  /**
   * The installed browser. Absent, the test is skipped, except on CI, whose script installs it:
   * there a missing browser is a failure, not a silent skip.
   */
  static Chromium require() {
    Optional<Path> found =
        Stream.of("chromium", "chromium-browser")
            .flatMap(name -> Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(d -> Path.of(d, name)))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty() && System.getenv("CI") != null) {
      fail("chromium is missing on CI: .ci/run must `apt-get install -y chromium`");
    }
    assumeTrue(
        found.isPresent(),
        "headless browser check skipped: chromium is not installed (apt-get install -y chromium)");
    return new Chromium(found.get());
  }

  /** One line per image of the page: "ok WIDTHxHEIGHT file" or "broken 0x0 file". */
  List<String> imageStates(Path html, Path scratch) throws IOException, InterruptedException {
    Path page = scratch.resolve("checked-" + html.getFileName());
    String text = Files.readString(html);
    if (!text.contains("</body>")) {
      fail(html + " has no </body>");
    }
    Files.writeString(page, text.replace("</body>", CHECK + "</body>"));
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    Path dom = scratch.resolve("dom.html");
    Path log = scratch.resolve("chromium.log");
    Process process =
        new ProcessBuilder(
                executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--dump-dom", page.toUri().toString())
            .redirectOutput(dom.toFile())
            .redirectError(log.toFile())
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      fail("chromium did not finish within 90 s on " + html);
    }
    String out = Files.readString(dom, StandardCharsets.UTF_8);
    int start = out.indexOf(START);
    if (process.exitValue() != 0 || start < 0) {
      fail("chromium (exit " + process.exitValue() + ") did not run the page's check: " + tail(log));
    }
    String states = out.substring(start + START.length(), out.indexOf("</pre>", start));
    return states.isEmpty() ? List.of() : List.of(states.split("\n"));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
