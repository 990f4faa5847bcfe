package org.fmnist.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.models.ApiException;

/**
 * The answer to a {@code :predict} request, shaped as TensorFlow Serving shapes it: row format
 * {@code {"predictions": [...]}} with one item per example (an object of named outputs when the
 * signature has several), columnar format {@code {"outputs": ...}} (the tensor, or an object of
 * named tensors).
 */
final class PredictResponse {
  private PredictResponse() {}

  static byte[] write(PredictRequest.Format format, Map<String, HostTensor> tensors) {
    List<String> names = new ArrayList<>(tensors.keySet());
    List<Values> outputs = new ArrayList<>();
    for (String name : names) {
      outputs.add(Values.of(name, tensors.get(name)));
    }
    return format == PredictRequest.Format.ROW ? rows(names, outputs) : columns(names, outputs);
  }

  private static byte[] rows(List<String> names, List<Values> outputs) {
    long batch = -1;
    for (int i = 0; i < outputs.size(); i++) {
      long[] shape = outputs.get(i).shape;
      if (shape.length == 0) {
        throw ApiException.badRequest("Tensor name: " + names.get(i) + " has no shape information ");
      }
      if (batch >= 0 && shape[0] != batch) {
        throw ApiException.badRequest(
            "Tensor name: " + names.get(i) + " has inconsistent batch size: " + shape[0] + " expecting: " + batch);
      }
      batch = shape[0];
    }
    long items = batch;
    boolean named = outputs.size() > 1;
    return RestJson.write(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("predictions");
          for (long item = 0; item < items; item++) {
            if (named) {
              json.writeStartObject();
            }
            for (int i = 0; i < outputs.size(); i++) {
              if (named) {
                json.writeFieldName(names.get(i));
              }
              Values output = outputs.get(i);
              output.write(json, 1, item * output.itemSize());
            }
            if (named) {
              json.writeEndObject();
            }
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  private static byte[] columns(List<String> names, List<Values> outputs) {
    boolean named = outputs.size() > 1;
    return RestJson.write(
        json -> {
          json.writeStartObject();
          json.writeFieldName("outputs");
          if (named) {
            json.writeStartObject();
          }
          for (int i = 0; i < outputs.size(); i++) {
            if (named) {
              json.writeFieldName(names.get(i));
            }
            outputs.get(i).write(json, 0, 0);
          }
          if (named) {
            json.writeEndObject();
          }
        });
  }

  /** An output tensor, written as nested JSON lists. */
  private record Values(long[] shape, ValueWriter writer) {
    interface ValueWriter {
      void write(JsonGenerator json, int index) throws IOException;
    }

    static Values of(String name, HostTensor tensor) {
      long[] shape = tensor.shape();
      return switch (tensor.dtype()) {
        case DT_FLOAT -> {
          float[] v = tensor.floats();
          yield new Values(shape, (json, i) -> json.writeNumber(v[i]));
        }
        case DT_DOUBLE -> {
          double[] v = tensor.doubles();
          yield new Values(shape, (json, i) -> json.writeNumber(v[i]));
        }
        case DT_INT32 -> {
          int[] v = tensor.ints();
          yield new Values(shape, (json, i) -> json.writeNumber(v[i]));
        }
        case DT_INT64 -> {
          long[] v = tensor.longs();
          yield new Values(shape, (json, i) -> json.writeNumber(v[i]));
        }
        case DT_UINT8 -> {
          byte[] v = tensor.unsignedBytes();
          yield new Values(shape, (json, i) -> json.writeNumber(v[i] & 0xFF));
        }
        case DT_BOOL -> {
          boolean[] v = tensor.booleans();
          yield new Values(shape, (json, i) -> json.writeBoolean(v[i]));
        }
        default -> throw ApiException.badRequest(
            "Failed to write JSON value for tensor type: " + tensor.dtype() + " (output " + name + ")");
      };
    }

    /** Values in one item of the first dimension. */
    long itemSize() {
      long size = 1;
      for (int d = 1; d < shape.length; d++) {
        size *= shape[d];
      }
      return size;
    }

    /** Writes dimensions {@code from}.. starting at flat index {@code offset}; returns the next index. */
    long write(JsonGenerator json, int from, long offset) throws IOException {
      if (from == shape.length) {
        writer.write(json, (int) offset);
        return offset + 1;
      }
      json.writeStartArray();
      for (long i = 0; i < shape[from]; i++) {
        offset = write(json, from + 1, offset);
      }
      json.writeEndArray();
      return offset;
    }
  }
}
