package org.fmnist.serving;

import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.ConfigProto;

/**
 * TensorFlow's thread settings for a SavedModel's session, as TF Serving names them: {@code
 * intraOp} threads one op may be split across ({@code --tensorflow_intra_op_parallelism}; 0: one
 * per core) and {@code interOp} threads running independent ops ({@code
 * --tensorflow_inter_op_parallelism}; 0: TensorFlow's pool, one per core; negative: each run's ops
 * in the calling thread, fmnist's default, since for a model this small handing a run to a pool
 * costs more than the model while concurrent runs still go in parallel, one per caller).
 */
public record TensorFlowThreads(int intraOp, int interOp) {
  /** TensorFlow's own environment variable: each session gets its own intra-op pool, sized by its config. */
  public static final String PER_SESSION_POOLS_VARIABLE = "TF_OVERRIDE_GLOBAL_THREADPOOL";

  public static final TensorFlowThreads DEFAULT = new TensorFlowThreads(0, -1);

  public TensorFlowThreads {
    if (intraOp < 0) {
      throw new IllegalArgumentException("TensorFlow's intra-op threads must be 0 (one per core) or more, got " + intraOp);
    }
  }

  public TensorFlowThreads withIntraOp(int threads) {
    return new TensorFlowThreads(threads, interOp);
  }

  public TensorFlowThreads withInterOp(int threads) {
    return new TensorFlowThreads(intraOp, threads);
  }

  ConfigProto configProto() {
    return ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOp).setInterOpParallelismThreads(interOp).build();
  }

  /**
   * Whether small batches get a session of their own on one intra-op thread: only when the main
   * session splits ops across several threads and each session can have its own pool. TensorFlow
   * otherwise sizes one intra-op pool per process, from the first session made, so a second
   * session would share the first's pool and change nothing.
   */
  boolean routesSmallBatches(Map<String, String> environment) {
    int threads = intraOp == 0 ? Runtime.getRuntime().availableProcessors() : intraOp;
    String perSession = environment.getOrDefault(PER_SESSION_POOLS_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
    return threads > 1 && (perSession.equals("1") || perSession.equals("true"));
  }
}
