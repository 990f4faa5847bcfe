package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.V2Tensors;

/**
 * The answer to an Open Inference Protocol (KServe v2) {@code infer} request: {@code model_name},
 * {@code model_version}, {@code id} (when the request had one) and {@code outputs} with {@code name},
 * {@code datatype}, {@code shape} and {@code data} flat in row-major order, or, for outputs asked for
 * as binary, {@code parameters.binary_data_size} with the raw little-endian values after the JSON
 * (whose length goes in the {@code Inference-Header-Content-Length} header).
 */
final class V2InferResponse {
  static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  private V2InferResponse() {}

  static Reply write(String model, long version, String id, Map<String, HostTensor> tensors, List<V2InferRequest.Output> outputs) {
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator out = RestJson.FACTORY.createGenerator(json)) {
      out.writeStartObject();
      out.writeStringField("model_name", model);
      out.writeStringField("model_version", Long.toString(version));
      if (id != null) {
        out.writeStringField("id", id);
      }
      out.writeArrayFieldStart("outputs");
      for (V2InferRequest.Output output : outputs) {
        HostTensor tensor = tensors.get(output.name());
        out.writeStartObject();
        out.writeStringField("name", output.name());
        out.writeStringField("datatype", V2Tensors.datatype(tensor.dtype()));
        out.writeArrayFieldStart("shape");
        for (long dim : tensor.shape()) {
          out.writeNumber(dim);
        }
        out.writeEndArray();
        if (output.binary()) {
          byte[] bytes = V2Tensors.raw(tensor);
          out.writeObjectFieldStart("parameters");
          out.writeNumberField("binary_data_size", bytes.length);
          out.writeEndObject();
          binary.write(bytes);
        } else {
          out.writeFieldName("data");
          writeData(out, tensor);
        }
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (binary.size() == 0) {
      return Reply.ok(json.toByteArray());
    }
    int headerLength = json.size();
    json.writeBytes(binary.toByteArray());
    return new Reply(200, "application/octet-stream", Map.of(HEADER_LENGTH, Integer.toString(headerLength)), json.toByteArray());
  }

  private static void writeData(JsonGenerator out, HostTensor tensor) throws IOException {
    switch (tensor.dtype()) {
      case DT_FLOAT -> {
        out.writeStartArray();
        for (float value : tensor.floats()) {
          out.writeNumber(value);
        }
        out.writeEndArray();
      }
      case DT_DOUBLE -> out.writeArray(tensor.doubles(), 0, tensor.size());
      case DT_INT32 -> out.writeArray(tensor.ints(), 0, tensor.size());
      case DT_INT64 -> out.writeArray(tensor.longs(), 0, tensor.size());
      default -> throw new IllegalStateException("output type " + tensor.dtype() + " is not served as JSON by fmnist serve");
    }
  }
}
