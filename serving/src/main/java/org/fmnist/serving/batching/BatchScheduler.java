package org.fmnist.serving.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.ModelBackend;

/**
 * TensorFlow Serving's basic batch scheduler for one model version: a queue per kind of request
 * ({@link BatchQueueKey}); a request joins the newest batch of its queue while that stays within
 * max_batch_size (max_execution_batch_size with large batch splitting, which cuts a request to fit),
 * else opens a new one (refused when max_enqueued_batches are waiting). A batch is due when it is
 * full, when a newer batch has opened behind it, or when its first request has waited
 * batch_timeout_micros; at most num_batch_threads batches run at once.
 *
 * <p>The request that opens a batch runs it, on its own thread, once the batch is due and one of
 * the num_batch_threads turns is free; the requests that joined wait for their rows. Handing
 * batches to scheduler threads instead would add two thread switches to every request (there and
 * back), and a lone request, which waits out the timeout anyway, would pay them on top of it.
 */
final class BatchScheduler implements AutoCloseable {
  /** How long before a batch's deadline its thread stops sleeping and spins. */
  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final ModelBackend backend;
  private final BatchingParameters parameters;
  private final BatchStatistics statistics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<BatchQueueKey, Deque<Batch>> queues = new HashMap<>();
  private final Semaphore turns;
  private int queuedRequests;
  private boolean closed;

  BatchScheduler(ModelBackend backend, BatchingParameters parameters, BatchStatistics statistics) {
    this.backend = backend;
    this.parameters = parameters;
    this.statistics = statistics;
    this.turns = new Semaphore(parameters.numBatchThreads(), true);
  }

  /**
   * Queues a request of {@code size} examples, runs the batches it opened when they are due, and
   * waits for its outputs. With large batch splitting its rows fill the open batch and then new
   * ones, each part its own task, and the parts' outputs are stacked back in order.
   */
  Map<String, HostTensor> run(BatchQueueKey key, Map<String, HostTensor> feeds, int size) {
    List<CompletableFuture<Map<String, HostTensor>>> parts = new ArrayList<>();
    List<Batch> opened = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the batch scheduler is closed");
      }
      Deque<Batch> queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
      Batch open = queue.peekLast();
      int room = open == null ? 0 : parameters.maxExecutionBatchSize() - open.size();
      int[] chunks = chunks(size, room);
      int newBatches = chunks.length - (chunks[0] <= room ? 1 : 0);
      if (queue.size() + newBatches > parameters.maxEnqueuedBatches()) {
        throw new QueueFullException();
      }
      int at = 0;
      for (int chunk : chunks) {
        if (open == null || open.size() + chunk > parameters.maxExecutionBatchSize()) {
          if (open != null) {
            open.due().signal(); // a newer batch behind it: it takes no more requests
          }
          open = new Batch(key, System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(parameters.batchTimeoutMicros()), lock.newCondition());
          queue.addLast(open);
          opened.add(open);
        }
        CompletableFuture<Map<String, HostTensor>> part = new CompletableFuture<>();
        open.add(new Batch.Task(chunks.length == 1 ? feeds : TensorRows.rows(feeds, at, chunk), chunk, part));
        if (open.size() >= parameters.maxExecutionBatchSize()) {
          open.due().signal();
        }
        parts.add(part);
        at += chunk;
      }
      queuedRequests += chunks.length;
      statistics.queued(queuedRequests);
    } finally {
      lock.unlock();
    }
    opened.forEach(this::runWhenDue);
    List<Map<String, HostTensor>> outputs = new ArrayList<>();
    for (CompletableFuture<Map<String, HostTensor>> part : parts) {
      outputs.add(await(part));
    }
    return outputs.size() == 1 ? outputs.get(0) : TensorRows.stack(outputs);
  }

  /**
   * The parts a request of {@code size} examples is queued in: itself, unless large batch
   * splitting cuts it to fill the {@code room} left in the open batch and then whole batches.
   */
  private int[] chunks(int size, int room) {
    int batch = parameters.maxExecutionBatchSize();
    if (!parameters.enableLargeBatchSplitting() || size <= (room > 0 ? room : batch)) {
      return new int[] {size};
    }
    int first = room > 0 ? room : batch;
    int rest = size - first;
    int[] chunks = new int[1 + (rest + batch - 1) / batch];
    chunks[0] = first;
    for (int i = 1; i < chunks.length; i++) {
      chunks[i] = Math.min(batch, rest - (i - 1) * batch);
    }
    return chunks;
  }

  private static Map<String, HostTensor> await(CompletableFuture<Map<String, HostTensor>> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
  }

  /**
   * Waits until {@code batch} is due and a turn is free, takes it off its queue and runs it. An
   * interrupted wait runs the batch at once: the requests that joined it must still be answered.
   */
  private void runWhenDue(Batch batch) {
    boolean interrupted = waitUntilDue(batch);
    turns.acquireUninterruptibly();
    try {
      lock.lock();
      try {
        queues.get(batch.queue()).remove(batch);
        queuedRequests -= batch.tasks();
        statistics.queued(queuedRequests);
      } finally {
        lock.unlock();
      }
      int rows = parameters.paddedSize(batch.size());
      statistics.batch(batch.size(), rows);
      batch.run(backend, rows);
    } finally {
      turns.release();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits until {@code batch} is due; returns whether the wait was interrupted. The last {@link
   * #SPIN_NANOS} before the deadline are spun, not slept: a timed sleep here wakes about 100 µs
   * late, which a lone request would pay on top of batch_timeout_micros.
   */
  private boolean waitUntilDue(Batch batch) {
    lock.lock();
    try {
      Deque<Batch> queue = queues.get(batch.queue());
      while (true) {
        long left = batch.deadlineNanos() - System.nanoTime();
        if (closed || left <= 0 || batch.size() >= parameters.maxExecutionBatchSize() || queue.peekLast() != batch) {
          return false;
        }
        if (left <= SPIN_NANOS) {
          spinUntil(batch.deadlineNanos());
          continue;
        }
        try {
          batch.due().awaitNanos(left - SPIN_NANOS);
        } catch (InterruptedException e) {
          return true;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Spins, without the lock so that requests can still join, until {@code deadlineNanos}. */
  private void spinUntil(long deadlineNanos) {
    lock.unlock();
    try {
      while (System.nanoTime() < deadlineNanos) {
        Thread.onSpinWait();
      }
    } finally {
      lock.lock();
    }
  }

  /** Refuses new requests; the batches queued run at once, each on the thread of the request that opened it. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queues.values().forEach(queue -> queue.forEach(batch -> batch.due().signal()));
    } finally {
      lock.unlock();
    }
  }
}
