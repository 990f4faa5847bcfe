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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.ModelBackend;

/**
 * TensorFlow Serving's basic batch scheduler for one model version: a queue per kind of request
 * ({@link BatchQueueKey}); a request joins the newest batch of its queue while that stays within
 * max_batch_size (max_execution_batch_size with large batch splitting, which cuts a request to fit),
 * else opens a new one (refused when max_enqueued_batches are waiting); each of
 * num_batch_threads threads runs the batch whose time is up first: a full one, one with a newer
 * batch behind it, or one whose first request has waited batch_timeout_micros.
 */
final class BatchScheduler implements AutoCloseable {
  private final ModelBackend backend;
  private final BatchingParameters parameters;
  private final BatchStatistics statistics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<BatchQueueKey, Deque<Batch>> queues = new HashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private int queuedRequests;
  private boolean closed;

  BatchScheduler(ModelBackend backend, BatchingParameters parameters, BatchStatistics statistics, String name) {
    this.backend = backend;
    this.parameters = parameters;
    this.statistics = statistics;
    for (int i = 0; i < parameters.numBatchThreads(); i++) {
      Thread thread = new Thread(this::runBatches, "fmnist-batch-" + name + "-" + (i + 1));
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  /**
   * Queues a request of {@code size} examples and waits for its outputs. With large batch
   * splitting its rows fill the open batch and then new ones, each part its own task, and the
   * parts' outputs are stacked back in order.
   */
  Map<String, HostTensor> run(BatchQueueKey key, Map<String, HostTensor> feeds, int size) {
    List<CompletableFuture<Map<String, HostTensor>>> parts = new ArrayList<>();
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
          open = new Batch(key, System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(parameters.batchTimeoutMicros()));
          queue.addLast(open);
        }
        CompletableFuture<Map<String, HostTensor>> part = new CompletableFuture<>();
        open.add(new Batch.Task(chunks.length == 1 ? feeds : TensorRows.rows(feeds, at, chunk), chunk, part));
        parts.add(part);
        at += chunk;
      }
      queuedRequests += chunks.length;
      statistics.queued(queuedRequests);
      changed.signal();
    } finally {
      lock.unlock();
    }
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

  private void runBatches() {
    while (true) {
      Batch batch;
      try {
        batch = next();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      int rows = parameters.paddedSize(batch.size());
      statistics.batch(batch.size(), rows);
      batch.run(backend, rows);
    }
  }

  /** The batch to run now, waiting for one; null once closed and empty. */
  private Batch next() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        Deque<Batch> ready = null;
        long wait = Long.MAX_VALUE;
        for (Deque<Batch> queue : queues.values()) {
          Batch first = queue.peekFirst();
          if (first == null) {
            continue;
          }
          if (closed || queue.size() > 1 || first.size() >= parameters.maxExecutionBatchSize() || now >= first.deadlineNanos()) {
            if (ready == null || first.deadlineNanos() < ready.peekFirst().deadlineNanos()) {
              ready = queue;
            }
          } else {
            wait = Math.min(wait, first.deadlineNanos() - now);
          }
        }
        if (ready != null) {
          Batch batch = ready.pollFirst();
          queuedRequests -= batch.tasks();
          statistics.queued(queuedRequests);
          return batch;
        }
        if (closed) {
          return null;
        }
        if (wait == Long.MAX_VALUE) {
          changed.await();
        } else {
          changed.awaitNanos(wait);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs what is queued, then stops the threads. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
