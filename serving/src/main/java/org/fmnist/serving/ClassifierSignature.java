package org.fmnist.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * What an image classifier's {@code serving_default} signature takes and returns, read from the
 * signature rather than assumed: its one float or uint8 image input (shape {@code [-1, H, W, 1]},
 * {@code [-1, H, W]} or {@code [-1, H*W]} with a square image) and its class-score output (float
 * {@code [-1, C]}: the one named, else the only one, else the only one computed by a Softmax or
 * Sigmoid). {@code outputOperation} is the op computing it ("" when it cannot be told).
 */
record ClassifierSignature(
    String key,
    String inputName,
    DataType inputType,
    long[] instanceShape,
    int height,
    int width,
    String outputName,
    String outputOperation,
    int classCount) {
  static final String DEFAULT_KEY = "serving_default";
  static final Set<String> PROBABILITY_OPS = Set.of("Softmax", "Sigmoid");
  private static final Set<DataType> IMAGE_TYPES = Set.of(DataType.DT_FLOAT, DataType.DT_UINT8);

  static ClassifierSignature read(ModelBackend model, Optional<String> requestedOutput) {
    SignatureDef signature = model.signatures().get(DEFAULT_KEY);
    if (signature == null) {
      throw new IllegalArgumentException(
          "no \"" + DEFAULT_KEY + "\" signature (has: " + String.join(", ", model.signatures().keySet()) + ")");
    }
    if (signature.getInputsCount() != 1) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " takes " + signature.getInputsCount() + " inputs " + sorted(signature.getInputsMap())
              + ": an image classifier takes one image tensor");
    }
    Map.Entry<String, TensorInfo> input = signature.getInputsMap().entrySet().iterator().next();
    DataType type = input.getValue().getDtype();
    if (type == DataType.DT_STRING) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " input '" + input.getKey() + "' is DT_STRING (encoded images or text):"
              + " an image classifier here takes a DT_FLOAT or DT_UINT8 pixel tensor");
    }
    if (!IMAGE_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " input '" + input.getKey() + "' is " + type + ": an image input must be DT_FLOAT or DT_UINT8");
    }
    long[] shape = dims(input.getKey(), input.getValue());
    if (shape.length < 2 || shape[0] != -1) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " input '" + input.getKey() + "' has shape " + Arrays.toString(shape)
              + ": expected a variable batch dimension first");
    }
    long[] instance = Arrays.copyOfRange(shape, 1, shape.length);
    int[] size = imageSize(input.getKey(), instance);
    String output = requestedOutput.isPresent() ? requested(signature, requestedOutput.get()) : scoreOutput(model, signature);
    long classes = dims(output, signature.getOutputsOrThrow(output))[1];
    return new ClassifierSignature(
        DEFAULT_KEY, input.getKey(), type, instance, size[0], size[1], output, model.outputOperationType(DEFAULT_KEY, output), (int) classes);
  }

  /** Values per image. */
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
        "signature " + DEFAULT_KEY + " input '" + name + "' has instance shape " + Arrays.toString(instance)
            + ": expected a fixed grey image [H, W, 1], [H, W] or [H*W] with a square image");
  }

  private static String requested(SignatureDef signature, String name) {
    TensorInfo info = signature.getOutputsMap().get(name);
    if (info == null) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " has no output '" + name + "' (outputs: " + sorted(signature.getOutputsMap()) + ")");
    }
    if (!isScores(info)) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " output '" + name + "' is " + describe(info) + ": class scores are DT_FLOAT [-1, classes]");
    }
    return name;
  }

  private static String scoreOutput(ModelBackend model, SignatureDef signature) {
    List<String> candidates =
        signature.getOutputsMap().entrySet().stream()
            .filter(e -> isScores(e.getValue()))
            .map(Map.Entry::getKey)
            .sorted()
            .collect(Collectors.toList());
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          "signature " + DEFAULT_KEY + " has no DT_FLOAT [-1, classes] output to read class scores from (outputs: "
              + signature.getOutputsMap().entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getKey() + " " + describe(e.getValue()))
                  .collect(Collectors.joining(", "))
              + ")");
    }
    if (candidates.size() > 1) {
      List<String> probabilities =
          candidates.stream().filter(name -> PROBABILITY_OPS.contains(model.outputOperationType(DEFAULT_KEY, name))).toList();
      if (probabilities.size() != 1) {
        throw new IllegalArgumentException(
            "signature " + DEFAULT_KEY + " has several outputs that could be class scores " + candidates
                + (probabilities.isEmpty() ? ", none computed by a Softmax" : ", " + probabilities + " computed by a Softmax or Sigmoid")
                + ": name the one to use");
      }
      return probabilities.get(0);
    }
    return candidates.get(0);
  }

  private static boolean isScores(TensorInfo info) {
    TensorShapeProto shape = info.getTensorShape();
    return info.getDtype() == DataType.DT_FLOAT
        && !shape.getUnknownRank()
        && shape.getDimCount() == 2
        && (shape.getDim(1).getSize() >= 2);
  }

  private static String describe(TensorInfo info) {
    TensorShapeProto shape = info.getTensorShape();
    return info.getDtype() + " "
        + (shape.getUnknownRank() ? "of unknown shape" : Arrays.toString(shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray()));
  }

  private static String sorted(Map<String, TensorInfo> tensors) {
    return tensors.keySet().stream().sorted().toList().toString();
  }

  private static long[] dims(String name, TensorInfo info) {
    TensorShapeProto shape = info.getTensorShape();
    if (shape.getUnknownRank()) {
      throw new IllegalArgumentException("signature " + DEFAULT_KEY + " tensor '" + name + "' has an unknown shape");
    }
    return shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
  }
}
