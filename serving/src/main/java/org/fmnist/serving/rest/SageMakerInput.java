package org.fmnist.serving.rest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fmnist.serving.models.ApiException;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The body of a SageMaker {@code /invocations} request read as a TensorFlow Serving predict request,
 * as SageMaker's TensorFlow Serving container reads it: {@code application/json} (a predict body
 * with {@code instances} or {@code inputs}, or a bare list taken as {@code instances}), {@code
 * application/jsonlines} (one instance per line) and {@code text/csv} (one instance per line of
 * comma-separated numbers). A line of exactly as many numbers as one instance of the model's input
 * holds (784 for a 28x28x1 image) is read in row-major order into that shape.
 */
final class SageMakerInput {
  static final String JSON = "application/json";
  static final String JSON_LINES = "application/jsonlines";
  static final String CSV = "text/csv";

  private SageMakerInput() {}

  /** The media type of a Content-Type or Accept value, lower case, without parameters. */
  static String mediaType(String header) {
    return header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  static PredictRequest read(String contentType, byte[] body, SignatureDef signature) throws IOException {
    return switch (mediaType(contentType)) {
      case JSON -> json(body);
      case JSON_LINES -> reshaped(jsonLines(body), signature);
      case CSV -> csv(body, signature);
      default -> throw new ApiException(
          ApiException.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type '" + (contentType == null ? "" : contentType) + "': use " + JSON + ", " + JSON_LINES + " or " + CSV);
    };
  }

  private static PredictRequest json(byte[] body) throws IOException {
    if (new String(body, StandardCharsets.UTF_8).stripLeading().startsWith("[")) {
      return wrapped("{\"instances\":", List.of(body), "}");
    }
    return PredictRequest.parse(new ByteArrayInputStream(body));
  }

  private static PredictRequest jsonLines(byte[] body) throws IOException {
    List<byte[]> lines =
        new String(body, StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.isBlank())
            .map(line -> line.getBytes(StandardCharsets.UTF_8))
            .toList();
    if (lines.isEmpty()) {
      throw ApiException.badRequest("the jsonlines body has no line");
    }
    return wrapped("{\"instances\":[", lines, "]}");
  }

  /** {@code prefix}, the parts separated by commas, {@code suffix}, read as a TF Serving predict body. */
  private static PredictRequest wrapped(String prefix, List<byte[]> parts, String suffix) throws IOException {
    ByteArrayOutputStream document = new ByteArrayOutputStream();
    document.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        document.write(',');
      }
      document.writeBytes(parts.get(i));
    }
    document.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
    return PredictRequest.parse(new ByteArrayInputStream(document.toByteArray()));
  }

  private static PredictRequest csv(byte[] body, SignatureDef signature) {
    long[] item = itemShape(signature);
    long size = Arrays.stream(item).reduce(1, Math::multiplyExact);
    DoubleList values = new DoubleList();
    int count = 0;
    int lineNumber = 0;
    for (String line : new String(body, StandardCharsets.UTF_8).lines().toList()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != size) {
        throw ApiException.badRequest(
            "CSV line " + lineNumber + " has " + fields.length + " values, expecting " + size + " (one "
                + JsonTensorReader.shapeText(item) + " instance per line)");
      }
      for (String field : fields) {
        try {
          values.add(Double.parseDouble(field.strip()));
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("CSV line " + lineNumber + ": '" + field.strip() + "' is not a number");
        }
      }
      count++;
    }
    if (count == 0) {
      throw ApiException.badRequest("the CSV body has no line");
    }
    return PredictRequest.rows(List.of(new PredictRequest.Input(null, batchShape(count, item), values)));
  }

  /** Instances given as flat lists of one instance's values, put in the input's shape. */
  private static PredictRequest reshaped(PredictRequest request, SignatureDef signature) {
    PredictRequest.Input input = request.inputs().get(0);
    if (request.inputs().size() != 1 || input.name() != null || input.shape().length != 2) {
      return request;
    }
    long[] item = itemShape(signature);
    if (item.length == 1 || input.shape()[1] != Arrays.stream(item).reduce(1, Math::multiplyExact)) {
      return request;
    }
    return PredictRequest.rows(List.of(new PredictRequest.Input(null, batchShape(input.shape()[0], item), input.values())));
  }

  /** The shape of one instance of the signature's only input, which must be fully known. */
  private static long[] itemShape(SignatureDef signature) {
    if (signature.getInputsCount() != 1) {
      throw ApiException.badRequest("CSV and flat jsonlines lines need a model with one input; this one has " + signature.getInputsCount());
    }
    TensorInfo info = signature.getInputsMap().values().iterator().next();
    long[] shape = info.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    if (info.getTensorShape().getUnknownRank() || shape.length == 0 || Arrays.stream(shape).skip(1).anyMatch(d -> d < 0)) {
      throw ApiException.badRequest("the model's input shape " + JsonTensorReader.shapeText(shape) + " does not fix one instance's size");
    }
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  private static long[] batchShape(long count, long[] item) {
    long[] shape = new long[item.length + 1];
    shape[0] = count;
    System.arraycopy(item, 0, shape, 1, item.length);
    return shape;
  }
}
