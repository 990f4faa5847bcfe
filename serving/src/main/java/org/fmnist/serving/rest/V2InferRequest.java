package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fmnist.serving.V2Tensors;
import org.fmnist.serving.models.ApiException;

/**
 * The body of an Open Inference Protocol (KServe v2) {@code infer} request: {@code id}, {@code
 * inputs} ({@code name}, {@code shape}, {@code datatype}, {@code data} flat in row-major order or
 * nested), optional {@code outputs} by name. Also reads the binary tensor data extension that
 * Triton's clients use by default: a JSON header of {@code Inference-Header-Content-Length} bytes,
 * then each input with {@code parameters.binary_data_size} as raw little-endian values in order.
 */
final class V2InferRequest {
  /** A requested output and whether it is wanted as binary data. */
  record Output(String name, boolean binary) {}

  private String id;
  private boolean binaryOutputs;
  private final List<V2Tensors.Input> inputs = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();

  private V2InferRequest() {}

  /** The request's id, echoed in the response; null when it has none. */
  String id() {
    return id;
  }

  List<V2Tensors.Input> inputs() {
    return inputs;
  }

  /** The outputs asked for by name; empty means all of them. */
  List<Output> outputs() {
    return outputs;
  }

  /** True when the request asks for every output as binary data ({@code binary_data_output}). */
  boolean binaryOutputs() {
    return binaryOutputs;
  }

  /**
   * Reads a request body; {@code jsonLength} is the {@code Inference-Header-Content-Length} header,
   * or -1 when the whole body is JSON.
   */
  static V2InferRequest parse(byte[] body, int jsonLength) throws IOException {
    if (jsonLength > body.length) {
      throw ApiException.badRequest(
          "Inference-Header-Content-Length " + jsonLength + " is larger than the body (" + body.length + " bytes)");
    }
    int headerLength = jsonLength < 0 ? body.length : jsonLength;
    V2InferRequest request = new V2InferRequest();
    List<Integer> binarySizes = new ArrayList<>();
    try (JsonParser parser = RestJson.FACTORY.createParser(body, 0, headerLength)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("the infer request must be a JSON object");
      }
      boolean sawInputs = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "id" -> request.id = text(parser, value, "id");
          case "parameters" -> request.binaryOutputs = booleanParameter(parser, "binary_data_output");
          case "inputs" -> {
            sawInputs = true;
            array(value, "inputs");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              request.inputs.add(readInput(parser, binarySizes));
            }
          }
          case "outputs" -> {
            array(value, "outputs");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              request.outputs.add(readOutput(parser));
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (!sawInputs || request.inputs.isEmpty()) {
        throw ApiException.badRequest("the infer request has no 'inputs'");
      }
    }
    request.readBinary(ByteBuffer.wrap(body, headerLength, body.length - headerLength).order(ByteOrder.LITTLE_ENDIAN), binarySizes);
    return request;
  }

  private static V2Tensors.Input readInput(JsonParser parser, List<Integer> binarySizes) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw ApiException.badRequest("each of 'inputs' must be an object");
    }
    String name = null;
    String datatype = null;
    long[] shape = null;
    DoubleList values = null;
    int binarySize = -1;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> name = text(parser, value, "input name");
        case "datatype" -> datatype = text(parser, value, "datatype");
        case "shape" -> shape = readShape(parser, value);
        case "parameters" -> binarySize = intParameter(parser, "binary_data_size");
        case "data" -> {
          values = new DoubleList();
          JsonTensorReader.read(parser, values);
        }
        default -> parser.skipChildren();
      }
    }
    if (name == null || datatype == null || shape == null) {
      throw ApiException.badRequest("each input needs 'name', 'shape' and 'datatype'" + (name == null ? "" : " (input '" + name + "')"));
    }
    if ((values == null) == (binarySize < 0)) {
      throw ApiException.badRequest(
          "input '" + name + "' needs either 'data' or the binary_data_size parameter" + (values == null ? "" : ", not both"));
    }
    if (values == null) {
      long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
      long expected = elements * V2Tensors.byteSize(datatype);
      if (binarySize != expected) {
        throw ApiException.badRequest(
            "input '" + name + "' has shape " + JsonTensorReader.shapeText(shape) + " of " + datatype + " (" + expected
                + " bytes) but binary_data_size " + binarySize);
      }
      binarySizes.add(binarySize);
      return new V2Tensors.Input(name, datatype, shape, 0, i -> 0); // its values: readBinary, from the bytes after the JSON
    }
    binarySizes.add(-1);
    return new V2Tensors.Input(name, datatype, shape, values.size(), values::get);
  }

  /** Fills the inputs given as binary data from the bytes after the JSON header, in order. */
  private void readBinary(ByteBuffer binary, List<Integer> sizes) {
    for (int i = 0; i < inputs.size(); i++) {
      int size = sizes.get(i);
      if (size < 0) {
        continue;
      }
      V2Tensors.Input input = inputs.get(i);
      if (binary.remaining() < size) {
        throw ApiException.badRequest(
            "input '" + input.name() + "': the body ends " + (size - binary.remaining()) + " bytes before its binary data does");
      }
      inputs.set(i, V2Tensors.raw(input.name(), input.datatype(), input.shape(), binary.slice(binary.position(), size)));
      binary.position(binary.position() + size);
    }
    if (binary.hasRemaining()) {
      throw ApiException.badRequest(binary.remaining() + " bytes after the last input's binary data");
    }
  }

  private static Output readOutput(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw ApiException.badRequest("each of 'outputs' must be an object");
    }
    String name = null;
    boolean binary = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> name = text(parser, value, "output name");
        case "parameters" -> binary = booleanParameter(parser, "binary_data");
        default -> parser.skipChildren();
      }
    }
    if (name == null) {
      throw ApiException.badRequest("each of 'outputs' needs a 'name'");
    }
    return new Output(name, binary);
  }

  private static long[] readShape(JsonParser parser, JsonToken value) throws IOException {
    array(value, "shape");
    List<Long> dims = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
        throw ApiException.badRequest("'shape' must be a list of non-negative integers");
      }
      dims.add(parser.getLongValue());
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  /** Reads a parameters object and returns the boolean parameter {@code name} (false when absent). */
  private static boolean booleanParameter(JsonParser parser, String name) throws IOException {
    boolean result = false;
    object(parser.currentToken(), "parameters");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals(name)) {
        if (!value.isBoolean()) {
          throw ApiException.badRequest("parameter '" + name + "' must be true or false");
        }
        result = value == JsonToken.VALUE_TRUE;
      } else {
        parser.skipChildren();
      }
    }
    return result;
  }

  /** Reads a parameters object and returns the integer parameter {@code name} (-1 when absent). */
  private static int intParameter(JsonParser parser, String name) throws IOException {
    int result = -1;
    object(parser.currentToken(), "parameters");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals(name)) {
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0 || parser.getLongValue() > Integer.MAX_VALUE) {
          throw ApiException.badRequest("parameter '" + name + "' must be a non-negative integer");
        }
        result = parser.getIntValue();
      } else {
        parser.skipChildren();
      }
    }
    return result;
  }

  private static String text(JsonParser parser, JsonToken value, String what) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw ApiException.badRequest("'" + what + "' must be a string");
    }
    return parser.getText();
  }

  private static void array(JsonToken value, String what) {
    if (value != JsonToken.START_ARRAY) {
      throw ApiException.badRequest("'" + what + "' must be a list");
    }
  }

  private static void object(JsonToken value, String what) {
    if (value != JsonToken.START_OBJECT) {
      throw ApiException.badRequest("'" + what + "' must be an object");
    }
  }
}
