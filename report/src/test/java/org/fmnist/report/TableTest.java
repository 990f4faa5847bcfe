package org.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  private final Table table =
      new Table(List.of("class", "note"), List.of(List.of("T-shirt/top", "a|b, \"c\"")));

  @Test
  void markdownEscapesPipes() {
    assertEquals(
        "| class | note |\n| --- | --- |\n| T-shirt/top | a\\|b, \"c\" |\n", table.toMarkdown());
  }

  @Test
  void csvQuotesCellsWithCommasOrQuotes() {
    assertEquals("class,note\nT-shirt/top,\"a|b, \"\"c\"\"\"\n", table.toCsv());
  }

  @Test
  void rowsMustMatchTheHeader() {
    assertThrows(
        IllegalArgumentException.class, () -> new Table(List.of("a", "b"), List.of(List.of("1"))));
  }
}
