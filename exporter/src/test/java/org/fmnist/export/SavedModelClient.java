package org.fmnist.export;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A user's Java app in miniature, run in its own JVM by the tests: loads a SavedModel with TF Java
 * alone, prints its serving signature and runs {@code serving_default} on a batch of images.
 *
 * <p>Arguments: version folder, images file (float32 little-endian NHWC), image count, output
 * file (per image: class_id as int64, then 10 probabilities as float32, all big-endian).
 */
public final class SavedModelClient {
  private SavedModelClient() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    int count = Integer.parseInt(args[2]);
    float[] pixels = new float[count * 28 * 28];
    ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(pixels);

    try (SavedModelBundle bundle = SavedModelBundle.load(folder.toString(), "serve")) {
      Signature signature = bundle.function("serving_default").signature();
      System.out.println("method " + signature.methodName());
      signature.getInputs().forEach((k, v) -> System.out.println("input " + k + " " + v.dataType + " " + v.shape));
      signature.getOutputs().forEach((k, v) -> System.out.println("output " + k + " " + v.dataType + " " + v.shape));
      try (TFloat32 images = TFloat32.tensorOf(Shape.of(count, 28, 28, 1), DataBuffers.of(pixels, true, false));
          Result result = bundle.function("serving_default").call(Map.of("image", images));
          OutputStream file = Files.newOutputStream(Path.of(args[3]));
          DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(file))) {
        TFloat32 probabilities = (TFloat32) result.get("probabilities").orElseThrow();
        TInt64 classIds = (TInt64) result.get("class_id").orElseThrow();
        for (int i = 0; i < count; i++) {
          out.writeLong(classIds.getLong(i));
          for (int c = 0; c < 10; c++) {
            out.writeFloat(probabilities.getFloat(i, c));
          }
        }
      }
    }
  }
}
