package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.fmnist.serving.SignatureInputs;
import org.fmnist.serving.models.ApiException;

/**
 * Reads one dense tensor written as nested JSON lists ({@code [[0.1, 0.2], [0.3, 0.4]]}, or a bare
 * number for a scalar) straight from the parser into a list of doubles, checking as it goes that
 * every list at one depth has the same length and every number sits at the same depth, as
 * TensorFlow Serving does. Nothing is kept per value but the double.
 */
final class JsonTensorReader {
  private final JsonParser parser;
  private final DoubleList values;
  private final List<Integer> dims = new ArrayList<>();
  private int rank = -1;

  private JsonTensorReader(JsonParser parser, DoubleList values) {
    this.parser = parser;
    this.values = values;
  }

  /**
   * Reads the value at the parser's current token, appending its numbers to {@code values}, and
   * returns its shape. Leaves the parser on the value's last token.
   */
  static long[] read(JsonParser parser, DoubleList values) throws IOException {
    JsonTensorReader reader = new JsonTensorReader(parser, values);
    reader.value(0);
    int rank = reader.rank >= 0 ? reader.rank : reader.dims.size();
    return reader.dims.subList(0, rank).stream().mapToLong(Integer::longValue).toArray();
  }

  private void value(int depth) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.START_ARRAY) {
      number(depth);
      return;
    }
    if (rank >= 0 && depth >= rank) {
      throw ApiException.badRequest("Encountered list at unexpected level: " + depth + " expected < " + rank);
    }
    int length = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      value(depth + 1);
      length++;
    }
    while (dims.size() <= depth) {
      dims.add(-1);
    }
    if (dims.get(depth) < 0) {
      dims.set(depth, length);
    } else if (dims.get(depth) != length) {
      throw ApiException.badRequest(
          "Encountered list at unexpected size: " + length + " at level: " + depth + " expected size: " + dims.get(depth));
    }
  }

  private void number(int depth) throws IOException {
    JsonToken token = parser.currentToken();
    if (!token.isNumeric()) {
      throw ApiException.badRequest("JSON Value: " + describe(token) + " is not a number");
    }
    if (rank < 0) {
      rank = depth;
    } else if (depth != rank) {
      throw ApiException.badRequest(
          "JSON Value: " + parser.getText() + " found at incorrect level: " + (depth + 1)
              + " in the JSON DOM. Expected at level: " + rank);
    }
    values.add(parser.getDoubleValue());
  }

  private String describe(JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> "\"" + parser.getText() + "\" Type: String";
      case VALUE_TRUE, VALUE_FALSE -> parser.getText() + " Type: Boolean";
      case VALUE_NULL -> "null Type: Null";
      case START_OBJECT -> "{...} Type: Object";
      default -> parser.getText() + " Type: " + token;
    };
  }

  static String shapeText(long[] shape) {
    return SignatureInputs.shapeText(shape);
  }
}
