package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"");

  @Test
  void escapesTextEverywhere() {
    String html =
        new HtmlReport("<b>title</b>")
            .paragraph("a < b & c")
            .table(new Table(List.of("x\"y"), List.of(List.of("<script>"))))
            .html();
    assertTrue(html.contains("<h1>&lt;b&gt;title&lt;/b&gt;</h1>"));
    assertTrue(html.contains("a &lt; b &amp; c"));
    assertTrue(html.contains("<th>x&quot;y</th>"));
    assertFalse(html.contains("<script>"));
  }

  @Test
  void rightAlignsNumbersOnly() {
    String html =
        new HtmlReport("t")
            .table(
                new Table(
                    List.of("a", "b", "c", "d"),
                    List.of(List.of("cnn-k3", "220,234", "91.72 ± 0.15 %", "82 / 107"))))
            .html();
    assertTrue(
        html.contains(
            "<td>cnn-k3</td><td class=\"num\">220,234</td><td class=\"num\">91.72 ± 0.15 %</td>"
                + "<td class=\"num\">82 / 107</td>"),
        html);
  }

  @Test
  void embedsPicturesSoTheFileStandsAlone() {
    BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 2, 0x21918c);
    Figure figure = Figure.of("dot.png", "one dot", image);

    String html = new HtmlReport("r").figure(figure).html();

    Matcher m = DATA_URI.matcher(html);
    assertTrue(m.find(), "no embedded picture");
    byte[] embedded = Base64.getDecoder().decode(m.group(1));
    assertArrayEquals(figure.png(), embedded);
    BufferedImage decoded = Fixtures.decodePng(embedded);
    assertEquals(7, decoded.getWidth());
    assertEquals(5, decoded.getHeight());
    assertEquals(0x21918c, decoded.getRGB(3, 2) & 0xFFFFFF);
    assertTrue(html.contains("width=\"7\" height=\"5\""));
    assertFalse(html.contains("http:") || html.contains("https:"), "must not need the network");
  }
}
