package org.fmnist.serving;

import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.SignatureDef;

/**
 * What every runtime's {@link ModelBackend} shares: the version folder it was loaded from and that
 * SavedModel's {@code serve} MetaGraph, which answers for the signatures and output op types
 * whichever runtime computes; and which requests are small batches, which both runtimes run on a
 * session of one thread of their own: a small batch's ops are too short to gain from being split
 * across cores, and splitting them costs a hand-off to the pool and a wait per op.
 */
abstract class SavedModelBackend implements ModelBackend {
  /** Batches of up to this many examples run on the one-thread session, when there is one. */
  public static final int SMALL_BATCH = 4;

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

  /** Whether {@code feeds} hold at most {@link #SMALL_BATCH} examples (their largest first dimension; 1 for scalars). */
  static boolean isSmallBatch(Map<String, HostTensor> feeds) {
    long examples = 1;
    for (HostTensor feed : feeds.values()) {
      examples = Math.max(examples, feed.rank() == 0 ? 1 : feed.dim(0));
    }
    return examples <= SMALL_BATCH;
  }

  @Override
  public final String outputOperationType(String key, String outputName) {
    return graph.outputOperationType(signature(key), outputName);
  }
}
