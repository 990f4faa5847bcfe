package org.fmnist.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The class names of a model: those of the provenance file beside the SavedModel ({@code
 * fmnist.json}, ignored by TensorFlow Serving) when there is one, else "class 0".."class N-1".
 */
final class ClassLabels {
  static final String PROVENANCE_FILE = "fmnist.json";
  private static final List<String> FIELD_NAMES = List.of("classNames", "class_names");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ClassLabels() {}

  static List<String> of(Path versionFolder, int classCount) {
    Path provenance = versionFolder.resolve(PROVENANCE_FILE);
    if (!Files.exists(provenance)) {
      return IntStream.range(0, classCount).mapToObj(i -> "class " + i).toList();
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(provenance.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + provenance + ": " + ErrorMessages.firstLine(e), e);
    }
    List<String> names =
        find(root).orElseThrow(() -> new IllegalArgumentException(provenance + " has no list of class names"));
    if (names.size() != classCount) {
      throw new IllegalArgumentException(
          provenance + " names " + names.size() + " classes but the model outputs " + classCount);
    }
    return names;
  }

  /** The first list of strings under one of the known field names, at any depth. */
  private static Optional<List<String>> find(JsonNode node) {
    for (String field : FIELD_NAMES) {
      JsonNode value = node.get(field);
      if (value != null && value.isArray() && value.size() > 0) {
        List<String> names = new ArrayList<>();
        value.forEach(name -> names.add(name.isTextual() ? name.asText() : null));
        if (!names.contains(null)) {
          return Optional.of(List.copyOf(names));
        }
      }
    }
    for (JsonNode child : node) {
      if (child.isContainerNode()) {
        Optional<List<String>> found = find(child);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
