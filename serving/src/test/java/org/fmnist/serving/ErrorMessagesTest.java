package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorMessagesTest {
  @Test
  void theFirstLineWithTextEvenWhenTheMessageStartsWithALineBreakAsTensorFlowsRunErrorsDo() {
    assertEquals(
        "/models/1/variables; Not a directory",
        ErrorMessages.firstLine(new IllegalStateException("\n/models/1/variables; Not a directory\n\t [[{{node save/Save}}]]")));
    assertEquals("too short", ErrorMessages.firstLine(new IllegalStateException("too short\nmore")));
    assertEquals("IllegalStateException", ErrorMessages.firstLine(new IllegalStateException(" \n")));
  }
}
