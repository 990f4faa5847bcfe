package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fmnist.serving.models.VersionStatus;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The model status and metadata responses, as TensorFlow Serving prints its GetModelStatusResponse
 * and GetModelMetadataResponse protos: proto field names, int64 values as strings, enum names.
 */
final class ModelJson {
  private ModelJson() {}

  static byte[] status(List<VersionStatus> statuses) {
    return RestJson.write(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("model_version_status");
          for (VersionStatus status : statuses) {
            json.writeStartObject();
            json.writeStringField("version", Long.toString(status.version()));
            json.writeStringField("state", status.state().name());
            json.writeObjectFieldStart("status");
            json.writeStringField("error_code", status.errorCode());
            json.writeStringField("error_message", status.errorMessage());
            json.writeEndObject();
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  static byte[] metadata(String name, long version, Map<String, SignatureDef> signatures) {
    return RestJson.write(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("model_spec");
          json.writeStringField("name", name);
          json.writeStringField("signature_name", "");
          json.writeStringField("version", Long.toString(version));
          json.writeEndObject();
          json.writeObjectFieldStart("metadata");
          json.writeObjectFieldStart("signature_def");
          json.writeObjectFieldStart("signature_def");
          for (Map.Entry<String, SignatureDef> signature : signatures.entrySet()) {
            json.writeFieldName(signature.getKey());
            signature(json, signature.getValue());
          }
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static void signature(JsonGenerator json, SignatureDef signature) throws IOException {
    json.writeStartObject();
    tensors(json, "inputs", signature.getInputsMap());
    tensors(json, "outputs", signature.getOutputsMap());
    json.writeStringField("method_name", signature.getMethodName());
    json.writeObjectFieldStart("defaults");
    for (Map.Entry<String, TensorProto> value : new TreeMap<>(signature.getDefaultsMap()).entrySet()) {
      json.writeObjectFieldStart(value.getKey());
      json.writeStringField("dtype", value.getValue().getDtype().name());
      shape(json, value.getValue().getTensorShape());
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void tensors(JsonGenerator json, String field, Map<String, TensorInfo> tensors) throws IOException {
    json.writeObjectFieldStart(field);
    for (Map.Entry<String, TensorInfo> tensor : new TreeMap<>(tensors).entrySet()) {
      TensorInfo info = tensor.getValue();
      json.writeObjectFieldStart(tensor.getKey());
      json.writeStringField("dtype", info.getDtype().name());
      shape(json, info.getTensorShape());
      json.writeStringField("name", info.getName());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void shape(JsonGenerator json, TensorShapeProto shape) throws IOException {
    json.writeObjectFieldStart("tensor_shape");
    json.writeArrayFieldStart("dim");
    for (TensorShapeProto.Dim dim : shape.getDimList()) {
      json.writeStartObject();
      json.writeStringField("size", Long.toString(dim.getSize()));
      json.writeStringField("name", dim.getName());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeBooleanField("unknown_rank", shape.getUnknownRank());
    json.writeEndObject();
  }
}
