package org.fmnist.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The dataset files in one folder: the four IDX files or, failing those, the two Kaggle CSV files,
 * each plain or gzipped; {@code files} are in the order of {@link #IDX_NAMES} or {@link
 * #CSV_NAMES}. IDX files are verified against the expected checksums when read; CSV files have no
 * official digest, so theirs are only recorded.
 */
record DatasetFiles(Path dir, Format format, List<Path> files) {
  enum Format {
    IDX,
    CSV
  }

  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
  static final List<String> IDX_NAMES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
  static final List<String> CSV_NAMES =
      List.of("fashion-mnist_train.csv", "fashion-mnist_test.csv");

  static Optional<DatasetFiles> find(Path dir) {
    return complete(dir, Format.IDX, IDX_NAMES).or(() -> complete(dir, Format.CSV, CSV_NAMES));
  }

  /** The file holding {@code name} in {@code dir}: plain if present, else gzipped. */
  static Optional<Path> findFile(Path dir, String name) {
    return Stream.of(name, name + ".gz").map(dir::resolve).filter(Files::isRegularFile).findFirst();
  }

  /** Why {@code dir} holds no usable dataset, for the error that lists the folders searched. */
  static String whyAbsent(Path dir) {
    if (!Files.exists(dir)) {
      return "does not exist";
    }
    if (!Files.isDirectory(dir)) {
      return "is not a folder";
    }
    for (List<String> names : List.of(IDX_NAMES, CSV_NAMES)) {
      List<String> missing = names.stream().filter(n -> findFile(dir, n).isEmpty()).toList();
      if (missing.size() < names.size()) {
        return missing.stream()
            .map(name -> name + "[.gz]")
            .collect(Collectors.joining(", ", "lacks ", ""));
      }
    }
    return "holds no dataset files";
  }

  FashionMnist read(ExpectedChecksums expected, Consumer<String> log) {
    log.accept("Reading Fashion-MNIST (" + format + ") from " + dir);
    for (Path file : files) {
      if (Files.isRegularFile(file.resolveSibling(file.getFileName() + ".gz"))) {
        log.accept("  reading " + file.getFileName() + ", not the " + file.getFileName() + ".gz beside it");
      }
    }
    DigestedSplit train;
    DigestedSplit test;
    if (format == Format.IDX) {
      train = readVerifiedIdx(files.get(0), files.get(1), expected);
      test = readVerifiedIdx(files.get(2), files.get(3), expected);
    } else {
      train = CsvReader.read(files.get(0));
      test = CsvReader.read(files.get(1));
    }
    Map<String, String> checksums = new LinkedHashMap<>(train.checksums());
    checksums.putAll(test.checksums());
    log.accept(
        String.format(Locale.ROOT, 
            "train: %d images, test: %d images%s",
            train.images().size(),
            test.images().size(),
            format == Format.IDX ? "; checksums verified" : ""));
    return new FashionMnist(
        train.images(), test.images(), dir, Collections.unmodifiableMap(checksums));
  }

  private static DigestedSplit readVerifiedIdx(
      Path imagesFile, Path labelsFile, ExpectedChecksums expected) {
    DigestedSplit split = IdxReader.readSplit(imagesFile, labelsFile);
    for (Path file : List.of(imagesFile, labelsFile)) {
      expected.verify(file, split.checksums().get(DecompressedFile.contentName(file)));
    }
    return split;
  }

  private static Optional<DatasetFiles> complete(Path dir, Format format, List<String> names) {
    List<Path> found = new ArrayList<>();
    for (String name : names) {
      Optional<Path> file = findFile(dir, name);
      if (file.isEmpty()) {
        return Optional.empty();
      }
      found.add(file.get());
    }
    return Optional.of(new DatasetFiles(dir, format, List.copyOf(found)));
  }
}
