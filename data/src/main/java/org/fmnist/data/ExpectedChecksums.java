package org.fmnist.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The SHA-256 that each IDX file must have once decompressed, by decompressed file name. The
 * official table is the default; tests inject their own to work with small generated files.
 */
public final class ExpectedChecksums {
  private static final ExpectedChecksums OFFICIAL =
      new ExpectedChecksums(
          Map.of(
              DatasetFiles.TRAIN_IMAGES,
                  "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
              DatasetFiles.TRAIN_LABELS,
                  "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
              DatasetFiles.TEST_IMAGES,
                  "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
              DatasetFiles.TEST_LABELS,
                  "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

  private final Map<String, String> sha256ByName;

  public ExpectedChecksums(Map<String, String> sha256ByName) {
    this.sha256ByName = Map.copyOf(sha256ByName);
  }

  /** The digests of the official Fashion-MNIST release. */
  public static ExpectedChecksums official() {
    return OFFICIAL;
  }

  /** The expected digest for a decompressed file name. */
  public String of(String name) {
    String sha256 = sha256ByName.get(name);
    if (sha256 == null) {
      throw new IllegalArgumentException("no expected checksum for " + name);
    }
    return sha256;
  }

  public boolean matches(String name, String sha256) {
    return sha256ByName.containsKey(name) && sha256ByName.get(name).equals(sha256);
  }

  /** Throws when {@code file}'s decompressed digest is not the expected one. */
  public void verify(Path file, String sha256) {
    String expected = of(DecompressedFile.contentName(file));
    if (!expected.equals(sha256)) {
      throw new DataException(
          String.format(Locale.ROOT, 
              "checksum mismatch for %s: got %s, expected %s (file corrupt or not Fashion-MNIST);"
                  + " delete it and run `fmnist data fetch`",
              file, sha256, expected));
    }
  }
}
