package org.fmnist.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided fuzzing of the CSV reader: any bytes give a split or a {@link DataException}. */
class CsvReaderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void read(byte[] csv) {
    if (csv.length > FuzzFiles.MAX_BYTES) {
      return;
    }
    try {
      CsvReader.read(FuzzFiles.write("fuzz.csv", csv));
    } catch (DataException expected) {
      // a one-line user error is the reader's answer to bad bytes
    }
  }
}
