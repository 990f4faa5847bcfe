package org.fmnist.serving.models;

import java.nio.file.Path;
import java.util.Map;

/** One model to serve: its name, its folder of numbered versions, its version policy and version labels. */
record ModelEntry(String name, Path folder, VersionPolicy policy, Map<String, Long> labels) {
  ModelEntry {
    labels = Map.copyOf(labels);
  }
}
