package org.fmnist.serving.grpc;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.InvalidInputException;
import org.fmnist.serving.SignatureInputs;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A request's {@link TensorProto} as a tensor in Java memory, read as TensorFlow reads one: from
 * the packed little-endian {@code tensor_content} ({@code tf.make_tensor_proto} sends that) or
 * from the typed repeated field ({@code float_val}, {@code double_val}, {@code int_val}, {@code
 * int64_val}), where no values mean zeros and fewer values than the shape holds repeat the last.
 */
final class TensorProtoDecoder {
  /**
   * The most values one request tensor may hold (64 MiB as floats, 21,400 images): a shape with no
   * or few typed values expands to its full size, so without a cap a 20-byte message could make the
   * server allocate gigabytes.
   */
  static final int MAX_VALUES = 1 << 24;

  private TensorProtoDecoder() {}

  /** The tensor {@code name} of the request, in its own dtype. */
  static HostTensor decode(String name, TensorProto proto) {
    long[] shape = shape(name, proto.getTensorShape());
    int size = size(name, shape);
    ByteString content = proto.getTensorContent();
    DataType dtype = proto.getDtype();
    return switch (dtype) {
      case DT_FLOAT -> {
        float[] values = new float[size];
        if (!content.isEmpty()) {
          packed(name, proto, size, Float.BYTES).asFloatBuffer().get(values);
        } else {
          int n = typedCount(name, proto, proto.getFloatValCount(), size, "float_val");
          for (int i = 0; i < size && n > 0; i++) {
            values[i] = proto.getFloatVal(Math.min(i, n - 1));
          }
        }
        yield HostTensor.ofFloats(shape, values);
      }
      case DT_DOUBLE -> {
        double[] values = new double[size];
        if (!content.isEmpty()) {
          packed(name, proto, size, Double.BYTES).asDoubleBuffer().get(values);
        } else {
          int n = typedCount(name, proto, proto.getDoubleValCount(), size, "double_val");
          for (int i = 0; i < size && n > 0; i++) {
            values[i] = proto.getDoubleVal(Math.min(i, n - 1));
          }
        }
        yield HostTensor.ofDoubles(shape, values);
      }
      case DT_INT32 -> {
        int[] values = new int[size];
        if (!content.isEmpty()) {
          packed(name, proto, size, Integer.BYTES).asIntBuffer().get(values);
        } else {
          int n = typedCount(name, proto, proto.getIntValCount(), size, "int_val");
          for (int i = 0; i < size && n > 0; i++) {
            values[i] = proto.getIntVal(Math.min(i, n - 1));
          }
        }
        yield HostTensor.ofInts(shape, values);
      }
      case DT_INT64 -> {
        long[] values = new long[size];
        if (!content.isEmpty()) {
          packed(name, proto, size, Long.BYTES).asLongBuffer().get(values);
        } else {
          int n = typedCount(name, proto, proto.getInt64ValCount(), size, "int64_val");
          for (int i = 0; i < size && n > 0; i++) {
            values[i] = proto.getInt64Val(Math.min(i, n - 1));
          }
        }
        yield HostTensor.ofLongs(shape, values);
      }
      case DT_UINT8 -> {
        byte[] values = new byte[size];
        if (!content.isEmpty()) {
          packed(name, proto, size, Byte.BYTES).get(values);
        } else {
          int n = typedCount(name, proto, proto.getIntValCount(), size, "int_val");
          for (int i = 0; i < size && n > 0; i++) {
            values[i] = (byte) proto.getIntVal(Math.min(i, n - 1));
          }
        }
        yield HostTensor.ofUnsignedBytes(shape, values);
      }
      default -> throw invalid(
          "input '" + name + "' is " + dtype + ": fmnist serve takes DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64 and DT_UINT8 tensors");
    };
  }

  private static long[] shape(String name, TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      throw invalid("input '" + name + "' has an unknown rank: a request tensor needs its full shape");
    }
    long[] dims = shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    for (long dim : dims) {
      if (dim < 0) {
        throw invalid("input '" + name + "' has shape " + SignatureInputs.shapeText(dims) + ": dimensions must be known and not negative");
      }
    }
    return dims;
  }

  private static int size(String name, long[] shape) {
    long size = 1;
    for (long dim : shape) {
      size *= dim;
      if (size > MAX_VALUES) {
        throw invalid("input '" + name + "' has shape " + SignatureInputs.shapeText(shape) + ": more than " + MAX_VALUES + " values");
      }
    }
    return (int) size;
  }

  private static ByteBuffer packed(String name, TensorProto proto, int size, int bytesPerValue) {
    ByteString content = proto.getTensorContent();
    if (content.size() != (long) size * bytesPerValue) {
      throw invalid(
          "input '" + name + "' of shape " + SignatureInputs.shapeText(shape(name, proto.getTensorShape())) + " and " + proto.getDtype()
              + " needs " + (long) size * bytesPerValue + " bytes of tensor_content, got " + content.size());
    }
    return content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int typedCount(String name, TensorProto proto, int count, int size, String field) {
    if (count > size) {
      throw invalid(
          "input '" + name + "' has " + count + " values in " + field + ", more than its shape "
              + SignatureInputs.shapeText(shape(name, proto.getTensorShape())) + " holds (" + size + ")");
    }
    return count;
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(message, null);
  }
}
