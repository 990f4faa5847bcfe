package org.fmnist.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Coverage-guided fuzzing of the {@code --spec} parser: any text is a spec or a {@link SpecException}. */
class SpecParserFuzzTest {
  private static final int MAX_BYTES = 4096;

  /** Raw bytes read as the UTF-8 text of {@code --spec}, so the seed files are plain specs. */
  @FuzzTest(maxDuration = "60s")
  void parse(byte[] utf8) {
    if (utf8.length > MAX_BYTES) {
      return;
    }
    try {
      SpecParser.parse("fuzz", new String(utf8, StandardCharsets.UTF_8));
    } catch (SpecException expected) {
      // a one-line user error is the parser's answer to a bad spec
    }
  }
}
