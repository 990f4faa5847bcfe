package org.fmnist.serving.batching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import org.fmnist.serving.HostTensor;
import org.fmnist.serving.ModelBackend;

/** Requests of one queue merged into one run of the model, and its outputs split back per request. */
final class Batch {
  /** One request in a batch: its inputs, its number of examples and where its outputs go. */
  record Task(Map<String, HostTensor> feeds, int size, CompletableFuture<Map<String, HostTensor>> result) {}

  private final BatchQueueKey queue;
  private final long deadlineNanos;
  private final Condition due;
  private final List<Task> tasks = new ArrayList<>();
  private int size;

  /** {@code due} is signalled, under its lock, when the batch may run before its deadline. */
  Batch(BatchQueueKey queue, long deadlineNanos, Condition due) {
    this.queue = queue;
    this.deadlineNanos = deadlineNanos;
    this.due = due;
  }

  BatchQueueKey queue() {
    return queue;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  Condition due() {
    return due;
  }

  int size() {
    return size;
  }

  int tasks() {
    return tasks.size();
  }

  void add(Task task) {
    tasks.add(task);
    size += task.size();
  }

  /** Runs the stacked inputs (padded to {@code rows}) and completes every request with its rows of the outputs. */
  void run(ModelBackend backend, int rows) {
    try {
      if (tasks.size() == 1 && rows == size) {
        Task only = tasks.get(0);
        only.result().complete(backend.run(queue.signature(), only.feeds(), queue.outputs()));
        return;
      }
      Map<String, HostTensor> feeds = new LinkedHashMap<>();
      for (String name : tasks.get(0).feeds().keySet()) {
        feeds.put(name, TensorRows.concat(tasks.stream().map(task -> task.feeds().get(name)).toList(), rows));
      }
      Map<String, HostTensor> outputs = backend.run(queue.signature(), feeds, queue.outputs());
      outputs.forEach(
          (name, tensor) -> {
            if (tensor.rank() == 0 || tensor.dim(0) != rows) {
              throw new IllegalStateException(
                  "output " + name + " is " + tensor + ", not one row per example of the batch of " + rows + ": it cannot be split");
            }
          });
      int at = 0;
      for (Task task : tasks) {
        Map<String, HostTensor> own = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> output : outputs.entrySet()) {
          own.put(output.getKey(), TensorRows.slice(output.getValue(), at, task.size()));
        }
        task.result().complete(own);
        at += task.size();
      }
    } catch (RuntimeException e) {
      tasks.forEach(task -> task.result().completeExceptionally(e));
    }
  }
}
