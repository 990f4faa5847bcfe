package org.fmnist.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JavaCppSettingsTest {
  private final String before = System.getProperty(JavaCppSettings.MAX_PHYSICAL_BYTES);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(JavaCppSettings.MAX_PHYSICAL_BYTES);
    } else {
      System.setProperty(JavaCppSettings.MAX_PHYSICAL_BYTES, before);
    }
  }

  @Test
  void turnsTheCheckOffWhenNothingSetIt() {
    System.clearProperty(JavaCppSettings.MAX_PHYSICAL_BYTES);
    JavaCppSettings.skipResidentMemoryChecks();
    assertEquals("0", System.getProperty(JavaCppSettings.MAX_PHYSICAL_BYTES));
  }

  @Test
  void leavesAValueTheJvmWasGiven() {
    System.setProperty(JavaCppSettings.MAX_PHYSICAL_BYTES, "8g");
    JavaCppSettings.skipResidentMemoryChecks();
    assertEquals("8g", System.getProperty(JavaCppSettings.MAX_PHYSICAL_BYTES));
  }
}
