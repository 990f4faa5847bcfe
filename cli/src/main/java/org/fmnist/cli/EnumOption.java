package org.fmnist.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fmnist.model.Precision;
import org.fmnist.serving.Backend;
import org.fmnist.train.Device;
import org.fmnist.train.Recipe;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converter of an option whose value names an enum constant, in lower case on the command
 * line. A bad value is a usage error: {@code --device must be cpu, gpu or auto, not 'tpu'} (the
 * parameter-exception handler puts the option name in front).
 */
class EnumOption<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  EnumOption(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("must be " + choices(type) + ", not '" + value + "'");
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

  static final class DeviceOption extends EnumOption<Device> {
    DeviceOption() {
      super(Device.class);
    }
  }

  static final class RecipeOption extends EnumOption<Recipe> {
    RecipeOption() {
      super(Recipe.class);
    }
  }

  static final class PrecisionOption extends EnumOption<Precision> {
    PrecisionOption() {
      super(Precision.class);
    }
  }

  static final class ScheduleOption extends EnumOption<TrainCommand.Schedule> {
    ScheduleOption() {
      super(TrainCommand.Schedule.class);
    }
  }

  static final class BackendValue extends EnumOption<Backend> {
    BackendValue() {
      super(Backend.class);
    }
  }
}
