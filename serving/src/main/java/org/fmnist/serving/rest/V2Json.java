package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.fmnist.serving.V2Tensors;

/** The Open Inference Protocol's (KServe v2) server and model metadata responses. */
final class V2Json {
  private V2Json() {}

  static byte[] serverMetadata(String version) {
    return RestJson.write(
        json -> {
          json.writeStartObject();
          json.writeStringField("name", "fmnist");
          json.writeStringField("version", version);
          json.writeArrayFieldStart("extensions");
          json.writeString("binary_tensor_data");
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  static byte[] modelMetadata(String name, long version, SignatureDef signature) {
    return RestJson.write(
        json -> {
          json.writeStartObject();
          json.writeStringField("name", name);
          json.writeArrayFieldStart("versions");
          json.writeString(Long.toString(version));
          json.writeEndArray();
          json.writeStringField("platform", V2Tensors.PLATFORM);
          tensors(json, "inputs", signature.getInputsMap());
          tensors(json, "outputs", signature.getOutputsMap());
          json.writeEndObject();
        });
  }

  private static void tensors(JsonGenerator json, String field, Map<String, TensorInfo> tensors) throws IOException {
    json.writeArrayFieldStart(field);
    for (Map.Entry<String, TensorInfo> tensor : new TreeMap<>(tensors).entrySet()) {
      json.writeStartObject();
      json.writeStringField("name", tensor.getKey());
      json.writeStringField("datatype", V2Tensors.datatype(tensor.getValue().getDtype()));
      json.writeArrayFieldStart("shape");
      for (TensorShapeProto.Dim dim : tensor.getValue().getTensorShape().getDimList()) {
        json.writeNumber(dim.getSize());
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
