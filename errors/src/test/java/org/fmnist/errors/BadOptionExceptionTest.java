package org.fmnist.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BadOptionExceptionTest {
  private final BadOptionException e =
      new BadOptionException("{earlyStoppingPatience} needs {validationSplit} > 0, not 0.0");

  @Test
  void namesSettingsAsTheJavaApiDoesByDefault() {
    assertEquals("earlyStoppingPatience needs validationSplit > 0, not 0.0", e.getMessage());
  }

  @Test
  void aFrontEndNamesThemItsOwnWay() {
    assertEquals(
        "--early-stopping-patience needs --validation-split > 0, not 0.0",
        e.message(s -> "--" + s.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT)));
  }
}
