package org.fmnist.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** An option whose value names an enum constant, in lower case on the command line. */
final class EnumOption {
  private EnumOption() {}

  static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option + " must be " + choices(type) + ", not '" + value + "'");
    }
  }

  /** {@code a, b or c}. */
  private static String choices(Class<? extends Enum<?>> type) {
    List<String> names =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .toList();
    int last = names.size() - 1;
    return last == 0
        ? names.get(0)
        : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
  }
}
