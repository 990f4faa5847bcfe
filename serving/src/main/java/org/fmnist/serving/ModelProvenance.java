package org.fmnist.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The provenance file {@code fmnist.json} of a model version, in its version folder (as fmnist
 * exports write it) or beside it in the model folder (where a user may put one for a model trained
 * elsewhere). It may name the class names and, for models trained on raw bytes, {@code
 * "inputScale": 255}.
 */
record ModelProvenance(Path file, JsonNode root) {
  static final String FILE = "fmnist.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Optional<ModelProvenance> find(Path versionFolder) {
    return besideVersion(versionFolder, FILE).map(ModelProvenance::read);
  }

  /** {@code name} in the version folder, else in its parent (the model folder). */
  static Optional<Path> besideVersion(Path versionFolder, String name) {
    Path parent = versionFolder.toAbsolutePath().normalize().getParent();
    return Stream.of(versionFolder.resolve(name), parent == null ? null : parent.resolve(name))
        .filter(path -> path != null && Files.isRegularFile(path))
        .findFirst();
  }

  /** The scale float inputs expect ({@code inputScale}: 1 for pixels in [0, 1], 255 for bytes), if given. */
  OptionalDouble inputScale() {
    JsonNode scale = root.get("inputScale");
    if (scale == null) {
      return OptionalDouble.empty();
    }
    if (!scale.isNumber() || !(scale.asDouble() > 0)) {
      throw new IllegalArgumentException(file + ": inputScale must be a positive number, got " + scale);
    }
    return OptionalDouble.of(scale.asDouble());
  }

  private static ModelProvenance read(Path file) {
    try {
      return new ModelProvenance(file, MAPPER.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + ErrorMessages.firstLine(e), e);
    }
  }
}
