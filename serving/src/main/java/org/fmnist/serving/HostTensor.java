package org.fmnist.serving;

import java.util.Arrays;
import org.tensorflow.proto.DataType;

/**
 * A tensor in Java memory: its TensorFlow data type, shape and row-major values in a primitive
 * array. What every {@link ModelBackend} takes and returns, so that front ends and the batcher
 * need neither TensorFlow's nor ONNX Runtime's native tensors (and nothing native to close).
 * Types: DT_FLOAT (float[]), DT_DOUBLE (double[]), DT_INT32 (int[]), DT_INT64 (long[]), DT_UINT8
 * (byte[], read unsigned) and DT_BOOL (boolean[]).
 */
public final class HostTensor {
  private final DataType dtype;
  private final long[] shape;
  private final Object values;

  private HostTensor(DataType dtype, long[] shape, Object values, int length) {
    long size = sizeOf(shape);
    if (size != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, got " + length);
    }
    this.dtype = dtype;
    this.shape = shape.clone();
    this.values = values;
  }

  public static HostTensor ofFloats(long[] shape, float[] values) {
    return new HostTensor(DataType.DT_FLOAT, shape, values, values.length);
  }

  public static HostTensor ofDoubles(long[] shape, double[] values) {
    return new HostTensor(DataType.DT_DOUBLE, shape, values, values.length);
  }

  public static HostTensor ofInts(long[] shape, int[] values) {
    return new HostTensor(DataType.DT_INT32, shape, values, values.length);
  }

  public static HostTensor ofLongs(long[] shape, long[] values) {
    return new HostTensor(DataType.DT_INT64, shape, values, values.length);
  }

  /** Unsigned bytes (DT_UINT8): {@code (byte) 255} stands for 255. */
  public static HostTensor ofUnsignedBytes(long[] shape, byte[] values) {
    return new HostTensor(DataType.DT_UINT8, shape, values, values.length);
  }

  public static HostTensor ofBooleans(long[] shape, boolean[] values) {
    return new HostTensor(DataType.DT_BOOL, shape, values, values.length);
  }

  public DataType dtype() {
    return dtype;
  }

  /** The shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public long dim(int d) {
    return shape[d];
  }

  /** The number of values. */
  public int size() {
    return (int) sizeOf(shape);
  }

  /** Values per item of the first dimension. */
  public int itemSize() {
    return shape.length == 0 ? 1 : (int) sizeOf(Arrays.copyOfRange(shape, 1, shape.length));
  }

  /** The values, not copied: do not change them. */
  public float[] floats() {
    return as(DataType.DT_FLOAT, float[].class);
  }

  public double[] doubles() {
    return as(DataType.DT_DOUBLE, double[].class);
  }

  public int[] ints() {
    return as(DataType.DT_INT32, int[].class);
  }

  public long[] longs() {
    return as(DataType.DT_INT64, long[].class);
  }

  public byte[] unsignedBytes() {
    return as(DataType.DT_UINT8, byte[].class);
  }

  public boolean[] booleans() {
    return as(DataType.DT_BOOL, boolean[].class);
  }

  /** Value {@code i} as a double, whatever the type (booleans as 0 or 1). */
  public double getDouble(int i) {
    return switch (dtype) {
      case DT_FLOAT -> floats()[i];
      case DT_DOUBLE -> doubles()[i];
      case DT_INT32 -> ints()[i];
      case DT_INT64 -> longs()[i];
      case DT_UINT8 -> unsignedBytes()[i] & 0xFF;
      case DT_BOOL -> booleans()[i] ? 1 : 0;
      default -> throw new IllegalStateException("no values of type " + dtype);
    };
  }

  @Override
  public String toString() {
    return dtype + " " + Arrays.toString(shape);
  }

  private <T> T as(DataType wanted, Class<T> type) {
    if (dtype != wanted) {
      throw new IllegalStateException("tensor is " + dtype + ", not " + wanted);
    }
    return type.cast(values);
  }

  private static long sizeOf(long[] shape) {
    long size = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      size = Math.multiplyExact(size, d);
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than 2^31 values");
    }
    return size;
  }
}
