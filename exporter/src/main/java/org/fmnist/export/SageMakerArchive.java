package org.fmnist.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code model.tar.gz} as Amazon SageMaker's TensorFlow Serving container unpacks it into {@code
 * /opt/ml/model}: the version's SavedModel and provenance under {@code <version>/}
 * ({@code 1/saved_model.pb}, {@code 1/variables/...}, {@code 1/fmnist.json}). {@code model.onnx} is
 * left out: that container does not read it.
 */
final class SageMakerArchive {
  static final String FILE = "model.tar.gz";

  private SageMakerArchive() {}

  /**
   * Packs {@code versionFolder}'s SavedModel and provenance under {@code <version>/} into {@code
   * target}, and returns the SHA-256 of the written file in hex.
   */
  static String write(Path versionFolder, long version, Path target) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no SHA-256", e);
    }
    long now = System.currentTimeMillis() / 1000;
    String prefix = version + "/";
    Path variables = versionFolder.resolve(SavedModelWriter.VARIABLES_DIR);
    try (OutputStream file = Files.newOutputStream(target);
        TarGzWriter tar = new TarGzWriter(new DigestOutputStream(file, sha256))) {
      tar.folder(prefix, now);
      tar.file(prefix + SavedModelWriter.GRAPH_FILE, versionFolder.resolve(SavedModelWriter.GRAPH_FILE), now);
      if (Files.isDirectory(variables)) {
        tar.folder(prefix + SavedModelWriter.VARIABLES_DIR + "/", now);
        for (Path part : sortedFiles(variables)) {
          tar.file(prefix + SavedModelWriter.VARIABLES_DIR + "/" + part.getFileName(), part, now);
        }
      }
      tar.file(prefix + Provenance.FILE, versionFolder.resolve(Provenance.FILE), now);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static List<Path> sortedFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
