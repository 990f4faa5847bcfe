package org.fmnist.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The class names of a model, from the first of: a labels file given by the caller; a {@code
 * labels.txt} in the version folder or beside it (in the model folder); the provenance file
 * {@code fmnist.json} there (ignored by TensorFlow Serving), when it lists them; else "class
 * 0".."class N-1". A labels
 * file holds one name per line, or a JSON list of strings.
 */
final class ClassLabels {
  static final String LABELS_FILE = "labels.txt";
  private static final List<String> FIELD_NAMES = List.of("classNames", "class_names");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ClassLabels() {}

  static List<String> of(Path versionFolder, int classCount, Optional<Path> labelsFile) {
    if (labelsFile.isPresent()) {
      return checked(labelsFile.get(), readLabelsFile(labelsFile.get()), classCount);
    }
    Optional<Path> beside = ModelProvenance.besideVersion(versionFolder, LABELS_FILE);
    if (beside.isPresent()) {
      return checked(beside.get(), readLabelsFile(beside.get()), classCount);
    }
    Optional<ModelProvenance> provenance = ModelProvenance.find(versionFolder);
    Optional<List<String>> names = provenance.flatMap(p -> find(p.root()));
    return names.isPresent() ? checked(provenance.get().file(), names.get(), classCount) : fallback(classCount);
  }

  private static List<String> fallback(int classCount) {
    return IntStream.range(0, classCount).mapToObj(i -> "class " + i).toList();
  }

  private static List<String> checked(Path file, List<String> names, int classCount) {
    if (names.size() != classCount) {
      throw new IllegalArgumentException(file + " names " + names.size() + " classes but the model outputs " + classCount);
    }
    return names;
  }

  private static List<String> readLabelsFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read labels file " + file + ": " + ErrorMessages.firstLine(e), e);
    }
    if (text.strip().startsWith("[")) {
      JsonNode list;
      try {
        list = MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(file + ": not a JSON list of class names: " + e.getOriginalMessage());
      }
      return strings(list).orElseThrow(() -> new IllegalArgumentException(file + ": not a JSON list of class names (strings)"));
    }
    List<String> names = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException(file + ": no class names (one per line, or a JSON list)");
    }
    return names;
  }

  /** The first list of strings under one of the known field names, at any depth. */
  private static Optional<List<String>> find(JsonNode node) {
    for (String field : FIELD_NAMES) {
      Optional<List<String>> names = strings(node.get(field));
      if (names.isPresent()) {
        return names;
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

  private static Optional<List<String>> strings(JsonNode value) {
    if (value == null || !value.isArray() || value.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode name : value) {
      if (!name.isTextual()) {
        return Optional.empty();
      }
      names.add(name.asText());
    }
    return Optional.of(List.copyOf(names));
  }
}
