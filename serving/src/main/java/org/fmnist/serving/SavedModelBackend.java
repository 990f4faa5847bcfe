package org.fmnist.serving;

import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.SignatureDef;

/**
 * What every runtime's {@link ModelBackend} shares: the version folder it was loaded from and that
 * SavedModel's {@code serve} MetaGraph, which answers for the signatures and output op types
 * whichever runtime computes.
 */
abstract class SavedModelBackend implements ModelBackend {
  private final Path folder;
  private final SavedModelGraph graph;

  SavedModelBackend(Path folder, SavedModelGraph graph) {
    this.folder = folder;
    this.graph = graph;
  }

  @Override
  public final Path folder() {
    return folder;
  }

  @Override
  public final Map<String, SignatureDef> signatures() {
    return graph.signatures();
  }

  @Override
  public final String outputOperationType(String key, String outputName) {
    return graph.outputOperationType(signature(key), outputName);
  }
}
