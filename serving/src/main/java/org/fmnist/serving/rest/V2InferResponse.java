package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.fmnist.serving.SavedModelSession;
import org.tensorflow.RawTensor;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

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

  static RestResponse write(String model, long version, String id, SavedModelSession.Outputs tensors, List<V2InferRequest.Output> outputs) {
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
        RawTensor tensor = tensors.get(output.name()).asRawTensor();
        out.writeStartObject();
        out.writeStringField("name", output.name());
        out.writeStringField("datatype", V2Datatype.of(tensor.dataType()));
        out.writeArrayFieldStart("shape");
        for (long dim : tensor.shape().asArray()) {
          out.writeNumber(dim);
        }
        out.writeEndArray();
        if (output.binary()) {
          byte[] bytes = littleEndian(tensor);
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
      return RestResponse.json(200, json.toByteArray());
    }
    int headerLength = json.size();
    json.writeBytes(binary.toByteArray());
    return new RestResponse(200, "application/octet-stream", json.toByteArray(), Map.of(HEADER_LENGTH, Integer.toString(headerLength)));
  }

  private static void writeData(JsonGenerator out, RawTensor tensor) throws IOException {
    int size = (int) tensor.shape().size();
    ByteDataBuffer data = tensor.data();
    out.writeStartArray();
    switch (tensor.dataType()) {
      case DT_FLOAT -> {
        for (int i = 0; i < size; i++) {
          out.writeNumber(data.asFloats().getFloat(i));
        }
      }
      case DT_DOUBLE -> {
        for (int i = 0; i < size; i++) {
          out.writeNumber(data.asDoubles().getDouble(i));
        }
      }
      case DT_INT32 -> {
        for (int i = 0; i < size; i++) {
          out.writeNumber(data.asInts().getInt(i));
        }
      }
      case DT_INT64 -> {
        for (int i = 0; i < size; i++) {
          out.writeNumber(data.asLongs().getLong(i));
        }
      }
      case DT_BOOL -> {
        for (int i = 0; i < size; i++) {
          out.writeBoolean(data.asBooleans().getBoolean(i));
        }
      }
      default -> throw new IllegalStateException("output type " + tensor.dataType() + " cannot be written as JSON");
    }
    out.writeEndArray();
  }

  private static byte[] littleEndian(RawTensor tensor) {
    int size = (int) tensor.shape().size();
    ByteDataBuffer data = tensor.data();
    ByteBuffer bytes = ByteBuffer.allocate(size * V2Datatype.byteSize(V2Datatype.of(tensor.dataType()))).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < size; i++) {
      switch (tensor.dataType()) {
        case DT_FLOAT -> bytes.putFloat(data.asFloats().getFloat(i));
        case DT_DOUBLE -> bytes.putDouble(data.asDoubles().getDouble(i));
        case DT_INT32 -> bytes.putInt(data.asInts().getInt(i));
        default -> bytes.putLong(data.asLongs().getLong(i));
      }
    }
    return bytes.array();
  }
}
