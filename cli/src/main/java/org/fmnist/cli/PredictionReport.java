package org.fmnist.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.fmnist.io.Json;
import org.fmnist.serving.ClassScore;
import org.fmnist.serving.Prediction;

/** What {@code fmnist predict} prints: a table (image, label, confidence) or JSON. */
final class PredictionReport {
  private PredictionReport() {}

  /**
   * One image's outcome: its top classes (most probable first) and, for a test image, its true class
   * id and how to show it; or the error reading it.
   */
  record Row(String image, List<ClassScore> top, Integer trueClassId, String trueLabel, String error) {
    static Row of(String image, Prediction prediction, int topK) {
      return new Row(image, prediction.topK(topK), null, null, null);
    }

    static Row of(String image, Prediction prediction, int topK, int trueClassId, String trueLabel) {
      return new Row(image, prediction.topK(topK), trueClassId, trueLabel, null);
    }

    static Row failed(String image, String error) {
      return new Row(image, List.of(), null, null, error);
    }

    boolean isFailure() {
      return error != null;
    }

    /** Class ids compared, never names: a model without class names still gets its verdicts. */
    boolean isCorrect() {
      return trueClassId != null && top.get(0).classId() == trueClassId;
    }
  }

  static String table(List<Row> rows, int topK) {
    List<Row> predicted = rows.stream().filter(r -> !r.isFailure()).toList();
    if (predicted.isEmpty()) {
      return "";
    }
    boolean truth = predicted.stream().anyMatch(r -> r.trueLabel() != null);
    List<List<String>> cells = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("IMAGE", "LABEL", "CONFIDENCE"));
    if (truth) {
      header.add("TRUE LABEL");
    }
    if (topK > 1) {
      header.add("TOP " + topK);
    }
    cells.add(header);
    for (Row row : predicted) {
      ClassScore best = row.top().get(0);
      List<String> line = new ArrayList<>(List.of(row.image(), best.label(), String.format(Locale.ROOT, "%.4f", best.probability())));
      if (truth) {
        line.add(row.trueLabel() == null ? "" : row.trueLabel() + (row.isCorrect() ? "" : "  (wrong)"));
      }
      if (topK > 1) {
        line.add(
            row.top().stream()
                .map(s -> String.format(Locale.ROOT, "%s %.4f", s.label(), s.probability()))
                .collect(Collectors.joining(", ")));
      }
      cells.add(line);
    }
    return align(cells);
  }

  static String json(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row row : rows) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("image", row.image());
      if (row.isFailure()) {
        item.put("error", row.error());
      } else {
        ClassScore best = row.top().get(0);
        item.put("label", best.label());
        item.put("classId", best.classId());
        item.put("confidence", best.probability());
        if (row.trueClassId() != null) {
          item.put("trueLabel", row.trueLabel());
          item.put("trueClassId", row.trueClassId());
          item.put("correct", row.isCorrect());
        }
        item.put("top", row.top());
      }
      out.add(item);
    }
    return Json.write(out) + "\n";
  }

  private static String align(List<List<String>> cells) {
    int columns = cells.get(0).size();
    int[] widths = new int[columns];
    for (List<String> line : cells) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], line.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : cells) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        text.append(c == 0 ? "" : "  ").append(c == columns - 1 ? line.get(c) : pad(line.get(c), widths[c]));
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
