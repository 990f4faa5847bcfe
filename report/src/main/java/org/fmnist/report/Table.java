package org.fmnist.report;

import java.util.List;
import java.util.stream.Collectors;

/** A table of text cells, written as Markdown, CSV or (by {@link HtmlReport}) HTML. */
public record Table(List<String> header, List<List<String>> rows) {
  public Table {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "row " + row + " has " + row.size() + " cells, the header " + header.size());
      }
    }
  }

  public String toMarkdown() {
    StringBuilder out = new StringBuilder();
    out.append(markdownRow(header));
    out.append(
        header.stream().map(h -> "---").collect(Collectors.joining(" | ", "| ", " |\n")));
    rows.forEach(row -> out.append(markdownRow(row)));
    return out.toString();
  }

  public String toCsv() {
    StringBuilder out = new StringBuilder(csvRow(header));
    rows.forEach(row -> out.append(csvRow(row)));
    return out.toString();
  }

  private static String markdownRow(List<String> cells) {
    return cells.stream()
        .map(c -> c.replace("|", "\\|"))
        .collect(Collectors.joining(" | ", "| ", " |\n"));
  }

  private static String csvRow(List<String> cells) {
    return cells.stream().map(Table::csvCell).collect(Collectors.joining(",", "", "\n"));
  }

  private static String csvCell(String cell) {
    boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n");
    return quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }
}
