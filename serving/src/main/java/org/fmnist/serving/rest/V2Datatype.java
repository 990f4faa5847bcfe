package org.fmnist.serving.rest;

import java.util.Map;
import org.tensorflow.proto.DataType;

/** The Open Inference Protocol's (KServe v2) tensor data types and TensorFlow's. */
final class V2Datatype {
  private static final Map<DataType, String> NAMES =
      Map.ofEntries(
          Map.entry(DataType.DT_BOOL, "BOOL"),
          Map.entry(DataType.DT_UINT8, "UINT8"),
          Map.entry(DataType.DT_UINT16, "UINT16"),
          Map.entry(DataType.DT_UINT32, "UINT32"),
          Map.entry(DataType.DT_UINT64, "UINT64"),
          Map.entry(DataType.DT_INT8, "INT8"),
          Map.entry(DataType.DT_INT16, "INT16"),
          Map.entry(DataType.DT_INT32, "INT32"),
          Map.entry(DataType.DT_INT64, "INT64"),
          Map.entry(DataType.DT_HALF, "FP16"),
          Map.entry(DataType.DT_BFLOAT16, "BF16"),
          Map.entry(DataType.DT_FLOAT, "FP32"),
          Map.entry(DataType.DT_DOUBLE, "FP64"),
          Map.entry(DataType.DT_STRING, "BYTES"));

  private V2Datatype() {}

  /** The v2 name of a TensorFlow type ({@code DT_FLOAT} → {@code FP32}). */
  static String of(DataType type) {
    String name = NAMES.get(type);
    if (name == null) {
      throw new IllegalArgumentException("no Open Inference Protocol datatype for " + type);
    }
    return name;
  }

  /** Bytes per element in the binary tensor data extension, for the types served here. */
  static int byteSize(String datatype) {
    return switch (datatype) {
      case "FP32", "INT32" -> 4;
      case "FP64", "INT64" -> 8;
      default -> throw ApiException.badRequest("datatype " + datatype + " is not supported by fmnist serve (FP32, FP64, INT32, INT64)");
    };
  }
}
