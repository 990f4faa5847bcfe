package org.fmnist.serving.grpc;

import org.fmnist.serving.HostTensor;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * An output tensor as TensorFlow Serving answers it by default: dtype, shape and the values in
 * the typed repeated field ({@code float_val}, {@code int64_val}, ...), which {@code
 * tf.make_ndarray} and hand-written clients both read.
 */
final class TensorProtoEncoder {
  private TensorProtoEncoder() {}

  static TensorProto encode(HostTensor tensor) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : tensor.shape()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    TensorProto.Builder proto = TensorProto.newBuilder().setDtype(tensor.dtype()).setTensorShape(shape);
    switch (tensor.dtype()) {
      case DT_FLOAT -> {
        for (float v : tensor.floats()) {
          proto.addFloatVal(v);
        }
      }
      case DT_DOUBLE -> {
        for (double v : tensor.doubles()) {
          proto.addDoubleVal(v);
        }
      }
      case DT_INT32 -> {
        for (int v : tensor.ints()) {
          proto.addIntVal(v);
        }
      }
      case DT_INT64 -> {
        for (long v : tensor.longs()) {
          proto.addInt64Val(v);
        }
      }
      case DT_UINT8 -> {
        for (byte v : tensor.unsignedBytes()) {
          proto.addIntVal(v & 0xFF);
        }
      }
      case DT_BOOL -> {
        for (boolean v : tensor.booleans()) {
          proto.addBoolVal(v);
        }
      }
      default -> throw new IllegalStateException("no TensorProto encoding for " + tensor.dtype());
    }
    return proto.build();
  }
}
