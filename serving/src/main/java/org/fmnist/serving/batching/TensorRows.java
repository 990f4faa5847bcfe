package org.fmnist.serving.batching;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmnist.serving.HostTensor;
import org.tensorflow.proto.DataType;

/** Stacking tensors along their first dimension and cutting them apart again. */
final class TensorRows {
  private TensorRows() {}

  /**
   * The parts stacked in order (all of one dtype and item shape), padded up to {@code rows} rows
   * with copies of the first row.
   */
  static HostTensor concat(List<HostTensor> parts, int rows) {
    HostTensor first = parts.get(0);
    int itemSize = first.itemSize();
    Object out = Array.newInstance(values(first).getClass().getComponentType(), rows * itemSize);
    int at = 0;
    for (HostTensor part : parts) {
      System.arraycopy(values(part), 0, out, at, part.size());
      at += part.size();
    }
    for (; at < rows * itemSize; at += itemSize) {
      System.arraycopy(values(first), 0, out, at, itemSize);
    }
    long[] shape = first.shape();
    shape[0] = rows;
    return of(first.dtype(), shape, out);
  }

  /** Rows {@code from} to {@code from + count} of {@code tensor}. */
  static HostTensor slice(HostTensor tensor, int from, int count) {
    int itemSize = tensor.itemSize();
    Object values = values(tensor);
    Object out = Array.newInstance(values.getClass().getComponentType(), count * itemSize);
    System.arraycopy(values, from * itemSize, out, 0, count * itemSize);
    long[] shape = tensor.shape();
    shape[0] = count;
    return of(tensor.dtype(), shape, out);
  }

  /** Rows {@code from} to {@code from + count} of every tensor, by name. */
  static Map<String, HostTensor> rows(Map<String, HostTensor> tensors, int from, int count) {
    Map<String, HostTensor> rows = new LinkedHashMap<>();
    tensors.forEach((name, tensor) -> rows.put(name, slice(tensor, from, count)));
    return rows;
  }

  /** The parts' tensors of each name stacked in order (the parts hold the same names). */
  static Map<String, HostTensor> stack(List<Map<String, HostTensor>> parts) {
    Map<String, HostTensor> stacked = new LinkedHashMap<>();
    for (String name : parts.get(0).keySet()) {
      List<HostTensor> tensors = parts.stream().map(part -> part.get(name)).toList();
      stacked.put(name, concat(tensors, tensors.stream().mapToInt(tensor -> (int) tensor.dim(0)).sum()));
    }
    return stacked;
  }

  private static Object values(HostTensor tensor) {
    return switch (tensor.dtype()) {
      case DT_FLOAT -> tensor.floats();
      case DT_DOUBLE -> tensor.doubles();
      case DT_INT32 -> tensor.ints();
      case DT_INT64 -> tensor.longs();
      case DT_UINT8 -> tensor.unsignedBytes();
      case DT_BOOL -> tensor.booleans();
      default -> throw new IllegalArgumentException("cannot batch tensors of type " + tensor.dtype());
    };
  }

  private static HostTensor of(DataType dtype, long[] shape, Object values) {
    return switch (dtype) {
      case DT_FLOAT -> HostTensor.ofFloats(shape, (float[]) values);
      case DT_DOUBLE -> HostTensor.ofDoubles(shape, (double[]) values);
      case DT_INT32 -> HostTensor.ofInts(shape, (int[]) values);
      case DT_INT64 -> HostTensor.ofLongs(shape, (long[]) values);
      case DT_UINT8 -> HostTensor.ofUnsignedBytes(shape, (byte[]) values);
      case DT_BOOL -> HostTensor.ofBooleans(shape, (boolean[]) values);
      default -> throw new IllegalArgumentException("cannot batch tensors of type " + dtype);
    };
  }
}
