package org.fmnist.serving.models;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The worker threads on which requests wait for their batches, for REST and gRPC alike: up to
 * {@code threads}, started as needed (two per core kept, the others ended after a minute idle). A
 * request goes straight to the worker that became idle last, whose stack and data are still in the
 * cache: a queue would hand it to the worker idle the longest, of a pool sized for hundreds of
 * waiting requests, which cost a lone batched REST request 0.2 ms on two cores. There is no queue
 * but the batches' own: with every worker busy a request is refused ({@link
 * java.util.concurrent.RejectedExecutionException}), with {@link #BUSY}.
 */
public final class BatchWaitWorkers {
  /** What a request refused because every worker is busy is told, over REST and gRPC. */
  public static final String BUSY = "fmnist serve is busy: too many requests waiting, try again";

  private static final long IDLE_SECONDS = 60;

  private BatchWaitWorkers() {}

  public static ThreadPoolExecutor start(int threads, String name) {
    int kept = Math.min(2 * Runtime.getRuntime().availableProcessors(), threads);
    return new ThreadPoolExecutor(kept, threads, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), DaemonThreads.named(name));
  }
}
