package org.fmnist.report;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.fmnist.io.AtomicFiles;

/**
 * A one-file HTML report: headings, text, tables and pictures, the pictures embedded as {@code
 * data:} URIs, so the file opens from disk anywhere, with no network and no files beside it.
 */
public final class HtmlReport {
  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;max-width:1000px;"
          + "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
          + "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd}"
          + "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}"
          + "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
          + "td.num{text-align:right;white-space:nowrap}th{background:#f3f3f3}"
          + "pre{background:#f7f7f7;padding:.8em;overflow-x:auto;font-size:.85em}"
          + "figure{margin:1.2em 0}img{max-width:100%;height:auto;border:1px solid #eee}"
          + "figcaption{color:#555;font-size:.9em}";

  /** Cells holding a number (or "mean ± sd", a percentage, "a / b") are right-aligned. */
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?[\\d,.]+( ?%)?( (±|/) [\\d,.]+( ?%)?)?( %)?");

  private final StringBuilder body = new StringBuilder();
  private final String title;

  public HtmlReport(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  public HtmlReport heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  public HtmlReport paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  public HtmlReport bullets(List<String> items) {
    body.append("<ul>\n");
    items.forEach(item -> body.append("<li>").append(escape(item)).append("</li>\n"));
    body.append("</ul>\n");
    return this;
  }

  public HtmlReport preformatted(String text) {
    body.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  public HtmlReport table(Table table) {
    body.append("<table>\n<thead><tr>");
    table.header().forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : table.rows()) {
      body.append("<tr>");
      row.forEach(
          cell ->
              body.append(NUMBER.matcher(cell).matches() ? "<td class=\"num\">" : "<td>")
                  .append(escape(cell))
                  .append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n");
    return this;
  }

  public HtmlReport figure(Figure figure) {
    body.append("<figure><img src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(figure.png()))
        .append("\" width=\"").append(figure.width())
        .append("\" height=\"").append(figure.height())
        .append("\" alt=\"").append(escape(figure.caption()))
        .append("\" data-file=\"").append(escape(figure.fileName()))
        .append("\"><figcaption>").append(escape(figure.caption()))
        .append(" (").append(escape(figure.fileName())).append(")</figcaption></figure>\n");
    return this;
  }

  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + escape(title) + "</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n"
        + body + "</body>\n</html>\n";
  }

  public void write(Path file) {
    AtomicFiles.writeString(file, html());
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
