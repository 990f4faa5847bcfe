package org.fmnist.export;

import org.fmnist.errors.BadOptionException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The artifacts {@code --format} selects. */
public enum ExportFormat {
  /** {@code saved_model.pb} + {@code variables/}: what TensorFlow Serving and TF Java load. */
  SAVEDMODEL,
  /** {@code model.onnx}: for ONNX Runtime and any other ONNX consumer. */
  ONNX,
  /**
   * {@code model.tar.gz} beside the version folder, for Amazon SageMaker: the SavedModel (written
   * into the version folder too) and the provenance under {@code <version>/}.
   */
  SAGEMAKER;

  /** The default: what TensorFlow Serving and ONNX runtimes load. */
  public static final String ALL = "savedmodel,onnx";

  /** A comma-separated list such as {@code savedmodel,onnx,sagemaker} (case-insensitive). */
  public static Set<ExportFormat> parse(String list) {
    Set<ExportFormat> formats = EnumSet.noneOf(ExportFormat.class);
    for (String token : list.split(",", -1)) {
      String name = token.trim().toUpperCase(Locale.ROOT);
      try {
        formats.add(valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new BadOptionException(
            "unknown {format} '" + token.trim() + "': give "
                + Arrays.stream(values()).map(ExportFormat::token).collect(Collectors.joining(", "))
                + ", or several comma-separated");
      }
    }
    return formats;
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
