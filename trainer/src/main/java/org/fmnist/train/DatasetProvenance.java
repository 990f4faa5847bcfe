package org.fmnist.train;

import java.util.Map;
import java.util.TreeMap;
import org.fmnist.data.FashionMnist;
import org.fmnist.io.ProjectRoot;

/**
 * What a run was trained on: the folder (relative to the {@link ProjectRoot} when under it), split
 * sizes and the SHA-256 of each file's content.
 */
public record DatasetProvenance(
    String source, int trainImages, int testImages, Map<String, String> sha256) {

  public static DatasetProvenance of(FashionMnist data) {
    return new DatasetProvenance(
        ProjectRoot.describe(data.source()),
        data.train().size(),
        data.test().size(),
        new TreeMap<>(data.checksums()));
  }
}
