package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fmnist.serving.models.ApiException;

/**
 * The body of a {@code :predict} request in either of TensorFlow Serving's formats, parsed from
 * the stream without building a JSON tree: {@code {"instances": [...]}} (row format: one item per
 * example, an object per example when it names its inputs) or {@code {"inputs": ...}} (columnar:
 * one tensor, or an object of named tensors), with an optional {@code signature_name}. Inputs
 * without a name stand for the signature's only input.
 */
final class PredictRequest {
  enum Format {
    ROW,
    COLUMNAR
  }

  /** One input tensor: its name (null when unnamed), full shape and values in row-major order. */
  record Input(String name, long[] shape, DoubleList values) {}

  private static final String INSTANCES = "instances";
  private static final String INPUTS = "inputs";
  private static final String SIGNATURE_NAME = "signature_name";

  private final String signatureName;
  private final Format format;
  private final List<Input> inputs;

  private PredictRequest(String signatureName, Format format, List<Input> inputs) {
    this.signatureName = signatureName;
    this.format = format;
    this.inputs = inputs;
  }

  /** The requested signature, {@code serving_default} when the request names none. */
  String signatureName() {
    return signatureName.isEmpty() ? "serving_default" : signatureName;
  }

  Format format() {
    return format;
  }

  List<Input> inputs() {
    return inputs;
  }

  /** A row-format request for the default signature made of already-read inputs. */
  static PredictRequest rows(List<Input> inputs) {
    return new PredictRequest("", Format.ROW, inputs);
  }

  static PredictRequest parse(InputStream body) throws IOException {
    try (JsonParser parser = RestJson.FACTORY.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw ApiException.badRequest("JSON Parse error: The document is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("JSON Value: " + parser.getText() + " Is not object");
      }
      String signatureName = "";
      Format format = null;
      List<Input> inputs = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case SIGNATURE_NAME -> {
            if (value != JsonToken.VALUE_STRING) {
              throw ApiException.badRequest("'signature_name' key must be a string value.");
            }
            signatureName = parser.getText();
          }
          case INSTANCES, INPUTS -> {
            if (format != null) {
              throw ApiException.badRequest(
                  "Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist");
            }
            format = field.equals(INSTANCES) ? Format.ROW : Format.COLUMNAR;
            inputs = format == Format.ROW ? readInstances(parser) : readInputs(parser);
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw ApiException.badRequest("JSON Parse error: The document root must not be followed by other values.");
      }
      if (format == null) {
        throw ApiException.badRequest("Missing 'inputs' or 'instances' key");
      }
      return new PredictRequest(signatureName, format, inputs);
    }
  }

  private static List<Input> readInputs(JsonParser parser) throws IOException {
    List<Input> inputs = new ArrayList<>();
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      DoubleList values = new DoubleList();
      inputs.add(new Input(null, JsonTensorReader.read(parser, values), values));
      return inputs;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      DoubleList values = new DoubleList();
      inputs.add(new Input(name, JsonTensorReader.read(parser, values), values));
    }
    return inputs;
  }

  /** Reads the instances list, stacking each input's items into one batch as they arrive. */
  private static List<Input> readInstances(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw ApiException.badRequest("Expecting 'instances' to be a list/array");
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    Boolean objects = null;
    int count = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      boolean object = parser.currentToken() == JsonToken.START_OBJECT;
      if (objects == null) {
        objects = object;
      } else if (object != objects) {
        throw ApiException.badRequest(
            (objects ? "Expecting object but got list" : "Expecting value/list but got object")
                + " at item " + count + " of input list");
      }
      if (object) {
        Set<String> expected = Set.copyOf(columns.keySet());
        List<String> keys = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (keys.contains(name)) {
            throw ApiException.badRequest(
                "Failed to process element: " + count + " of 'instances' list. JSON object key '" + name + "' is given twice");
          }
          keys.add(name);
          if (count > 0 && !expected.contains(name)) {
            throw differentKeys(count, keys, expected);
          }
          columns.computeIfAbsent(name, n -> new Column()).add(parser, count);
        }
        if (count > 0 && keys.size() != expected.size()) {
          throw differentKeys(count, keys, expected);
        }
      } else {
        columns.computeIfAbsent(null, n -> new Column()).add(parser, count);
      }
      count++;
    }
    if (count == 0) {
      throw ApiException.badRequest("No values in 'instances' array");
    }
    List<Input> inputs = new ArrayList<>();
    for (Map.Entry<String, Column> column : columns.entrySet()) {
      inputs.add(column.getValue().batch(column.getKey(), count));
    }
    return inputs;
  }

  private static ApiException differentKeys(int item, List<String> keys, Set<String> expected) {
    return ApiException.badRequest(
        "Failed to process element: " + item + " of 'instances' list. JSON object keys " + keys
            + " must be equal to: " + String.join(",", expected));
  }

  /** One named input across the instances: every item must have the first item's shape. */
  private static final class Column {
    private final DoubleList values = new DoubleList();
    private long[] itemShape;

    void add(JsonParser parser, int item) throws IOException {
      long[] shape = JsonTensorReader.read(parser, values);
      if (itemShape == null) {
        itemShape = shape;
      } else if (!Arrays.equals(itemShape, shape)) {
        throw ApiException.badRequest(
            "Failed to process element: " + item + " of 'instances' list. Error: Expecting shape "
                + JsonTensorReader.shapeText(itemShape) + " but got: " + JsonTensorReader.shapeText(shape));
      }
    }

    Input batch(String name, int count) {
      long[] shape = new long[itemShape.length + 1];
      shape[0] = count;
      System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
      return new Input(name, shape, values);
    }
  }
}
