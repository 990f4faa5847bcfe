package org.fmnist.serving;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The checks and conversions every front end applies to a request's input before a model runs
 * it: its shape against the signature's, and its numbers converted to the input's type without
 * loss. Refusals are {@link InvalidInputException}s, the client's fault.
 */
public final class SignatureInputs {
  private SignatureInputs() {}

  /** Refuses a shape the signature's input does not take (-1 in the signature takes any size). */
  public static void checkShape(String name, TensorShapeProto expected, long[] actual) {
    if (expected.getUnknownRank()) {
      return;
    }
    boolean matches = expected.getDimCount() == actual.length;
    for (int d = 0; matches && d < actual.length; d++) {
      long size = expected.getDim(d).getSize();
      matches = size < 0 || size == actual[d];
    }
    if (!matches) {
      long[] wanted = expected.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
      throw invalid("input '" + name + "' expects shape " + shapeText(wanted) + " but got: " + shapeText(actual));
    }
  }

  /**
   * The {@code count} numbers of input {@code name}, read by {@code value}, as a tensor of {@code
   * type}: floats refuse values beyond float's range, integers refuse fractions and values beyond
   * their range. {@code origin} names where the numbers came from in messages ("JSON").
   */
  public static HostTensor convert(String name, DataType type, long[] shape, int count, IntToDoubleFunction value, String origin) {
    switch (type) {
      case DT_FLOAT -> {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
          double v = value.applyAsDouble(i);
          if (Double.isFinite(v) && Math.abs(v) > Float.MAX_VALUE) {
            throw invalid("Cannot convert " + origin + " value: " + v + " to float without loss of precision.");
          }
          out[i] = (float) v;
        }
        return HostTensor.ofFloats(shape, out);
      }
      case DT_DOUBLE -> {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
          out[i] = value.applyAsDouble(i);
        }
        return HostTensor.ofDoubles(shape, out);
      }
      case DT_INT32 -> {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
          out[i] = (int) integer(value.applyAsDouble(i), Integer.MIN_VALUE, Integer.MAX_VALUE, type, origin);
        }
        return HostTensor.ofInts(shape, out);
      }
      case DT_INT64 -> {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
          out[i] = integer(value.applyAsDouble(i), Long.MIN_VALUE, Long.MAX_VALUE, type, origin);
        }
        return HostTensor.ofLongs(shape, out);
      }
      case DT_UINT8 -> {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
          out[i] = (byte) integer(value.applyAsDouble(i), 0, 255, type, origin);
        }
        return HostTensor.ofUnsignedBytes(shape, out);
      }
      default -> throw invalid("input '" + name + "' is " + type + ": fmnist serve takes numeric inputs only");
    }
  }

  /** A shape as TensorFlow Serving prints it: {@code [-1,28,28,1]}. */
  public static String shapeText(long[] shape) {
    return Arrays.toString(shape).replace(" ", "");
  }

  private static long integer(double value, long min, long max, DataType type, String origin) {
    if (value != Math.rint(value) || value < min || value > max) {
      throw invalid(origin + " Value: " + value + " Type: Number is not of expected type: " + type);
    }
    return (long) value;
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(message, null);
  }
}
