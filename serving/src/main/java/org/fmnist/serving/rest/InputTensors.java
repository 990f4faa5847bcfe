package org.fmnist.serving.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.rest.PredictRequest.Input;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The tensors a request feeds to a signature: names matched to the signature's inputs, shapes
 * checked against the signature's, values converted to each input's type without loss.
 */
final class InputTensors {
  private InputTensors() {}

  static Map<String, HostTensor> of(PredictRequest request, SignatureDef signature) {
    Map<String, TensorInfo> expected = signature.getInputsMap();
    if (expected.isEmpty()) {
      throw ApiException.badRequest("Failed to get input map for signature: " + request.signatureName());
    }
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (Input input : request.inputs()) {
      String name = input.name() != null ? input.name() : onlyInput(request, expected);
      TensorInfo info = expected.get(name);
      if (info == null) {
        throw ApiException.badRequest(
            "input tensor alias not found in signature: " + name + ". Inputs expected to be in the set {"
                + String.join(",", new TreeSet<>(expected.keySet())) + "}.");
      }
      if (tensors.containsKey(name)) {
        throw ApiException.badRequest("input '" + name + "' is given twice");
      }
      checkShape(name, info.getTensorShape(), input.shape());
      tensors.put(name, tensor(name, info.getDtype(), input));
    }
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(tensors.keySet());
    if (!missing.isEmpty()) {
      throw ApiException.badRequest(
          "Missing named input: " + String.join(",", missing) + " in '"
              + (request.format() == PredictRequest.Format.ROW ? "instances" : "inputs") + "' object.");
    }
    return tensors;
  }

  /**
   * The tensors of inputs that each name a signature input, as the KServe v2 API sends them; the
   * {@code datatype} each was sent as must be the signature's.
   */
  static Map<String, HostTensor> named(List<V2InferRequest.Input> inputs, SignatureDef signature) {
    Map<String, TensorInfo> expected = signature.getInputsMap();
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (V2InferRequest.Input input : inputs) {
      TensorInfo info = expected.get(input.name());
      if (info == null) {
        throw ApiException.badRequest(
            "unexpected inference input '" + input.name() + "', the model's inputs are: " + String.join(", ", new TreeSet<>(expected.keySet())));
      }
      String wanted = V2Datatype.of(info.getDtype());
      if (!wanted.equals(input.datatype())) {
        throw ApiException.badRequest("input '" + input.name() + "' has datatype " + input.datatype() + ", the model expects " + wanted);
      }
      if (tensors.containsKey(input.name())) {
        throw ApiException.badRequest("input '" + input.name() + "' is given twice");
      }
      checkShape(input.name(), info.getTensorShape(), input.shape());
      tensors.put(input.name(), tensor(input.name(), info.getDtype(), new Input(input.name(), input.shape(), input.values())));
    }
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(tensors.keySet());
    if (!missing.isEmpty()) {
      throw ApiException.badRequest("Missing named input: " + String.join(",", missing) + " in 'inputs' object.");
    }
    return tensors;
  }

  private static String onlyInput(PredictRequest request, Map<String, TensorInfo> expected) {
    if (expected.size() != 1) {
      throw ApiException.badRequest(
          request.format() == PredictRequest.Format.ROW
              ? "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map"
              : "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map");
    }
    return expected.keySet().iterator().next();
  }

  private static void checkShape(String name, TensorShapeProto expected, long[] actual) {
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
      throw ApiException.badRequest(
          "input '" + name + "' expects shape " + JsonTensorReader.shapeText(wanted) + " but got: "
              + JsonTensorReader.shapeText(actual));
    }
  }

  private static HostTensor tensor(String name, DataType type, Input input) {
    DoubleList values = input.values();
    long[] shape = input.shape();
    int n = values.size();
    switch (type) {
      case DT_FLOAT -> {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
          double v = values.get(i);
          if (Double.isFinite(v) && Math.abs(v) > Float.MAX_VALUE) {
            throw ApiException.badRequest("Cannot convert JSON value: " + v + " to float without loss of precision.");
          }
          out[i] = (float) v;
        }
        return HostTensor.ofFloats(shape, out);
      }
      case DT_DOUBLE -> {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = values.get(i);
        }
        return HostTensor.ofDoubles(shape, out);
      }
      case DT_INT32 -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          out[i] = (int) integer(values.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE, type);
        }
        return HostTensor.ofInts(shape, out);
      }
      case DT_INT64 -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = integer(values.get(i), Long.MIN_VALUE, Long.MAX_VALUE, type);
        }
        return HostTensor.ofLongs(shape, out);
      }
      case DT_UINT8 -> {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
          out[i] = (byte) integer(values.get(i), 0, 255, type);
        }
        return HostTensor.ofUnsignedBytes(shape, out);
      }
      default -> throw ApiException.badRequest("input '" + name + "' is " + type + ": fmnist serve takes numeric inputs only");
    }
  }

  private static long integer(double value, long min, long max, DataType type) {
    if (value != Math.rint(value) || value < min || value > max) {
      throw ApiException.badRequest("JSON Value: " + value + " Type: Number is not of expected type: " + type);
    }
    return (long) value;
  }
}
