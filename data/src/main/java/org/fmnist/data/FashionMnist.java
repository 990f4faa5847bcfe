package org.fmnist.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * The loaded dataset: training and test splits, where they were read from and the SHA-256 of each
 * file's decompressed content (file name to hex digest), for provenance.
 */
public record FashionMnist(
    LabeledImages train, LabeledImages test, Path source, Map<String, String> checksums) {}
