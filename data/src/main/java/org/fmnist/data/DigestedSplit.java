package org.fmnist.data;

import java.util.Map;

/**
 * One split as read from its files, with the SHA-256 of each file's decompressed content (keyed by
 * the decompressed file name). Nothing is verified: that is the caller's policy.
 */
public record DigestedSplit(LabeledImages images, Map<String, String> checksums) {}
