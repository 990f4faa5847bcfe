package org.fmnist.serving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Tensors of the Open Inference Protocol (KServe v2), whichever transport carries them (REST or
 * gRPC): its datatype names for TensorFlow's types, and a request's named inputs checked against a
 * signature (each input named, of the signature's datatype and shape) and converted to tensors.
 * Refusals are {@link InvalidInputException}s.
 */
public final class V2Tensors {
  /** One input as a request gives it: its {@code count} values are read by {@code value}. */
  public record Input(String name, String datatype, long[] shape, int count, IntToDoubleFunction value) {}

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

  /** The platform name Triton gives TensorFlow SavedModels, in model metadata. */
  public static final String PLATFORM = "tensorflow_savedmodel";

  private V2Tensors() {}

  /**
   * An input whose values come as little-endian bytes in row-major order (REST's binary tensor
   * data, gRPC's {@code raw_input_contents}).
   */
  public static Input raw(String name, String datatype, long[] shape, ByteBuffer bytes) {
    int size = byteSize(datatype);
    if (bytes.remaining() % size != 0) {
      throw invalid("input '" + name + "': " + bytes.remaining() + " bytes of raw data is not a whole number of " + datatype + " values");
    }
    ByteBuffer data = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    IntToDoubleFunction value =
        switch (datatype) {
          case "FP32" -> i -> data.getFloat(i * 4);
          case "FP64" -> i -> data.getDouble(i * 8);
          case "INT32" -> i -> data.getInt(i * 4);
          default -> i -> data.getLong(i * 8);
        };
    return new Input(name, datatype, shape, data.remaining() / size, value);
  }

  /** A tensor's values as little-endian bytes in row-major order. */
  public static byte[] raw(HostTensor tensor) {
    int size = tensor.size();
    ByteBuffer bytes = ByteBuffer.allocate(size * byteSize(datatype(tensor.dtype()))).order(ByteOrder.LITTLE_ENDIAN);
    switch (tensor.dtype()) {
      case DT_FLOAT -> bytes.asFloatBuffer().put(tensor.floats(), 0, size);
      case DT_DOUBLE -> bytes.asDoubleBuffer().put(tensor.doubles(), 0, size);
      case DT_INT32 -> bytes.asIntBuffer().put(tensor.ints(), 0, size);
      default -> bytes.asLongBuffer().put(tensor.longs(), 0, size);
    }
    return bytes.array();
  }

  /** The v2 name of a TensorFlow type ({@code DT_FLOAT} → {@code FP32}). */
  public static String datatype(DataType type) {
    String name = NAMES.get(type);
    if (name == null) {
      throw new IllegalArgumentException("no Open Inference Protocol datatype for " + type);
    }
    return name;
  }

  /** Bytes per element in raw (binary) tensor contents, for the datatypes served here. */
  public static int byteSize(String datatype) {
    return switch (datatype) {
      case "FP32", "INT32" -> 4;
      case "FP64", "INT64" -> 8;
      default -> throw invalid("datatype " + datatype + " is not supported by fmnist serve (FP32, FP64, INT32, INT64)");
    };
  }

  /** A request's inputs as the tensors {@code signature} takes, each checked. */
  public static Map<String, HostTensor> inputs(List<Input> inputs, SignatureDef signature) {
    Map<String, TensorInfo> expected = signature.getInputsMap();
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (Input input : inputs) {
      TensorInfo info = expected.get(input.name());
      if (info == null) {
        throw invalid(
            "unexpected inference input '" + input.name() + "', the model's inputs are: " + String.join(", ", new TreeSet<>(expected.keySet())));
      }
      String wanted = datatype(info.getDtype());
      if (!wanted.equals(input.datatype())) {
        throw invalid("input '" + input.name() + "' has datatype " + input.datatype() + ", the model expects " + wanted);
      }
      if (tensors.containsKey(input.name())) {
        throw invalid("input '" + input.name() + "' is given twice");
      }
      long elements = 1;
      for (long dim : input.shape()) {
        elements = Math.multiplyExact(elements, dim);
      }
      if (elements != input.count()) {
        throw invalid(
            "input '" + input.name() + "' has shape " + SignatureInputs.shapeText(input.shape()) + " (" + elements + " elements) but "
                + input.count() + " values");
      }
      SignatureInputs.checkShape(input.name(), info.getTensorShape(), input.shape());
      tensors.put(
          input.name(), SignatureInputs.convert(input.name(), info.getDtype(), input.shape(), input.count(), input.value(), input.datatype()));
    }
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(tensors.keySet());
    if (!missing.isEmpty()) {
      throw invalid("missing inference input: " + String.join(", ", missing));
    }
    return tensors;
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(message, null);
  }
}
