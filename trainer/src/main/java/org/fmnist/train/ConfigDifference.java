package org.fmnist.train;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The settings two configs disagree on, in words: {@code epochs 2, now 3; seed 1, now 2}. */
final class ConfigDifference {
  private ConfigDifference() {}

  static String describe(TrainingConfig stored, TrainingConfig requested) {
    List<String> differences = new ArrayList<>();
    for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
      Object was = value(c, stored);
      Object now = value(c, requested);
      if (!Objects.equals(was, now)) {
        differences.add(c.getName() + " " + was + ", now " + now);
      }
    }
    return String.join("; ", differences);
  }

  private static Object value(RecordComponent component, TrainingConfig config) {
    try {
      return component.getAccessor().invoke(config);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
