package org.fmnist.serving;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.RawTensor;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/** TensorFlow tensors made from {@link HostTensor}s for one run, closed together; and the way back. */
final class NativeTensors implements AutoCloseable {
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  private NativeTensors() {}

  static NativeTensors of(Map<String, HostTensor> feeds) {
    NativeTensors result = new NativeTensors();
    try {
      feeds.forEach((name, host) -> result.tensors.put(name, toNative(host)));
      return result;
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
  }

  Map<String, Tensor> byName() {
    return tensors;
  }

  @Override
  public void close() {
    tensors.values().forEach(Tensor::close);
  }

  static Tensor toNative(HostTensor host) {
    Shape shape = Shape.of(host.shape());
    return switch (host.dtype()) {
      case DT_FLOAT -> TFloat32.tensorOf(shape, DataBuffers.of(host.floats(), true, false));
      case DT_DOUBLE -> TFloat64.tensorOf(shape, DataBuffers.of(host.doubles(), true, false));
      case DT_INT32 -> TInt32.tensorOf(shape, DataBuffers.of(host.ints(), true, false));
      case DT_INT64 -> TInt64.tensorOf(shape, DataBuffers.of(host.longs(), true, false));
      case DT_UINT8 -> TUint8.tensorOf(shape, DataBuffers.of(host.unsignedBytes(), true, false));
      case DT_BOOL -> TBool.tensorOf(shape, DataBuffers.of(host.booleans(), true, false));
      default -> throw new IllegalArgumentException("cannot feed a tensor of type " + host.dtype());
    };
  }

  /** Copies a TensorFlow tensor out of native memory; the caller still closes it. */
  static HostTensor toHost(Tensor tensor) {
    RawTensor raw = tensor.asRawTensor();
    long[] shape = raw.shape().asArray();
    int size = (int) raw.shape().size();
    ByteDataBuffer data = raw.data();
    return switch (raw.dataType()) {
      case DT_FLOAT -> {
        float[] v = new float[size];
        data.asFloats().read(v);
        yield HostTensor.ofFloats(shape, v);
      }
      case DT_DOUBLE -> {
        double[] v = new double[size];
        data.asDoubles().read(v);
        yield HostTensor.ofDoubles(shape, v);
      }
      case DT_INT32 -> {
        int[] v = new int[size];
        data.asInts().read(v);
        yield HostTensor.ofInts(shape, v);
      }
      case DT_INT64 -> {
        long[] v = new long[size];
        data.asLongs().read(v);
        yield HostTensor.ofLongs(shape, v);
      }
      case DT_UINT8 -> {
        byte[] v = new byte[size];
        data.read(v);
        yield HostTensor.ofUnsignedBytes(shape, v);
      }
      case DT_BOOL -> {
        boolean[] v = new boolean[size];
        data.asBooleans().read(v);
        yield HostTensor.ofBooleans(shape, v);
      }
      default -> throw new IllegalArgumentException("cannot return a tensor of type " + raw.dataType());
    };
  }
}
