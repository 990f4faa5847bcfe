package org.fmnist.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * What an image classifier's {@code serving_default} signature takes and returns, read from the
 * signature rather than assumed: its one float input (shape {@code [-1, H, W, 1]}, {@code [-1, H,
 * W]} or {@code [-1, H*W]} with a square image) and its class-probability output (float {@code
 * [-1, C]}; when several outputs qualify, the one computed by a Softmax).
 */
record ClassifierSignature(
    String key, String inputName, long[] instanceShape, int height, int width, String probabilitiesName, int classCount) {
  static final String DEFAULT_KEY = "serving_default";

  static ClassifierSignature read(SavedModelSession session) {
    SignatureDef signature = session.signatures().get(DEFAULT_KEY);
    if (signature == null) {
      throw new IllegalArgumentException(
          "no \"" + DEFAULT_KEY + "\" signature (has: " + String.join(", ", session.signatures().keySet()) + ")");
    }
    if (signature.getInputsCount() != 1) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " must take one image input, it takes " + signature.getInputsMap().keySet());
    }
    Map.Entry<String, TensorInfo> input = signature.getInputsMap().entrySet().iterator().next();
    long[] shape = dims(input.getKey(), input.getValue());
    if (input.getValue().getDtype() != DataType.DT_FLOAT) {
      throw new IllegalArgumentException(
          "input " + input.getKey() + " is " + input.getValue().getDtype() + ", an image input must be DT_FLOAT");
    }
    if (shape.length < 2 || shape[0] != -1) {
      throw new IllegalArgumentException(
          "input " + input.getKey() + " has shape " + Arrays.toString(shape) + ": expected a variable batch dimension first");
    }
    long[] instance = Arrays.copyOfRange(shape, 1, shape.length);
    int[] size = imageSize(input.getKey(), instance);
    String probabilities = probabilitiesOutput(session, signature);
    long classes = dims(probabilities, signature.getOutputsOrThrow(probabilities))[1];
    return new ClassifierSignature(DEFAULT_KEY, input.getKey(), instance, size[0], size[1], probabilities, (int) classes);
  }

  /** Floats per image. */
  int instanceSize() {
    return height * width;
  }

  private static int[] imageSize(String name, long[] instance) {
    boolean fixed = Arrays.stream(instance).allMatch(d -> d > 0);
    if (fixed && instance.length == 3 && instance[2] == 1) {
      return new int[] {(int) instance[0], (int) instance[1]};
    }
    if (fixed && instance.length == 2) {
      return new int[] {(int) instance[0], (int) instance[1]};
    }
    if (fixed && instance.length == 1) {
      int side = (int) Math.round(Math.sqrt(instance[0]));
      if ((long) side * side == instance[0]) {
        return new int[] {side, side};
      }
    }
    throw new IllegalArgumentException(
        "input " + name + " has instance shape " + Arrays.toString(instance)
            + ": expected a fixed grey image [H, W, 1], [H, W] or [H*W] with a square image");
  }

  private static String probabilitiesOutput(SavedModelSession session, SignatureDef signature) {
    List<String> candidates =
        signature.getOutputsMap().entrySet().stream()
            .filter(e -> e.getValue().getDtype() == DataType.DT_FLOAT && isBatchOfVectors(e.getValue()))
            .map(Map.Entry::getKey)
            .sorted()
            .collect(Collectors.toList());
    if (candidates.size() > 1) {
      candidates =
          candidates.stream()
              .filter(name -> session.outputOperationType(DEFAULT_KEY, name).equals("Softmax"))
              .collect(Collectors.toList());
    }
    if (candidates.size() != 1) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " must return one float [-1, classes] probability output, found "
              + (candidates.isEmpty() ? "none" : "several: " + candidates)
              + " among " + signature.getOutputsMap().keySet());
    }
    return candidates.get(0);
  }

  private static boolean isBatchOfVectors(TensorInfo info) {
    TensorShapeProto shape = info.getTensorShape();
    return !shape.getUnknownRank() && shape.getDimCount() == 2 && shape.getDim(1).getSize() >= 2;
  }

  private static long[] dims(String name, TensorInfo info) {
    TensorShapeProto shape = info.getTensorShape();
    if (shape.getUnknownRank()) {
      throw new IllegalArgumentException(name + " has an unknown shape in the signature");
    }
    return shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
  }
}
