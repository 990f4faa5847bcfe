package org.fmnist.serving.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.SignatureInputs;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.rest.PredictRequest.Input;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

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
      SignatureInputs.checkShape(name, info.getTensorShape(), input.shape());
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

  private static String onlyInput(PredictRequest request, Map<String, TensorInfo> expected) {
    if (expected.size() != 1) {
      throw ApiException.badRequest(
          request.format() == PredictRequest.Format.ROW
              ? "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map"
              : "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map");
    }
    return expected.keySet().iterator().next();
  }

  private static HostTensor tensor(String name, DataType type, Input input) {
    DoubleList values = input.values();
    return SignatureInputs.convert(name, type, input.shape(), values.size(), values::get, "JSON");
  }
}
