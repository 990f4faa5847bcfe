package org.fmnist.serving.rest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.fmnist.serving.InvalidInputException;
import org.fmnist.serving.models.ApiException;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Coverage-guided fuzzing of the REST {@code :predict} decoder, JSON body to tensors: any bytes are
 * tensors or a 400 ({@link ApiException}, Jackson's parse error, {@link InvalidInputException},
 * or another IOException of the body, which the dispatcher answers "Cannot read the request"), never an Error, NPE, index or arithmetic exception. Each body is fed to a one-input image
 * signature and to a two-input signature (named inputs, int64 and string-free).
 */
class PredictRequestFuzzTest {
  private static final int MAX_BYTES = 1 << 16;
  private static final SignatureDef IMAGES =
      SignatureDef.newBuilder().putInputs("images", input(DataType.DT_FLOAT, -1, 28, 28)).build();
  private static final SignatureDef TWO_INPUTS =
      SignatureDef.newBuilder()
          .putInputs("images", input(DataType.DT_UINT8, -1, 784))
          .putInputs("ids", input(DataType.DT_INT64, -1))
          .build();

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] body) {
    if (body.length > MAX_BYTES) {
      return;
    }
    PredictRequest request;
    try {
      request = PredictRequest.parse(new ByteArrayInputStream(body));
    } catch (ApiException | IOException expected) {
      return; // JsonProcessingException, and CharConversionException for bytes in no JSON encoding
    }
    for (SignatureDef signature : new SignatureDef[] {IMAGES, TWO_INPUTS}) {
      try {
        InputTensors.of(request, signature);
      } catch (ApiException | InvalidInputException expected) {
        // a 400 with one line is the server's answer to a request that does not fit
      }
    }
  }

  private static TensorInfo input(DataType dtype, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    return TensorInfo.newBuilder().setDtype(dtype).setTensorShape(shape).build();
  }
}
