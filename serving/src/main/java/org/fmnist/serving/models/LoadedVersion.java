package org.fmnist.serving.models;

import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.ModelBackend;

/**
 * A loaded model version shared by the requests using it. It counts its users (the model's own
 * reference plus one per request) and closes the model when the last one lets go, so a version
 * swapped out keeps serving the requests already running on it.
 */
public final class LoadedVersion {
  private final long version;
  private final ImageClassifier classifier;
  private final ModelBackend backend;
  private int users = 1;
  private Runnable onClosed = () -> {};

  /** {@code backend} runs the classifier's model, maybe through a batch scheduler (closed first). */
  LoadedVersion(long version, ImageClassifier classifier, ModelBackend backend) {
    this.version = version;
    this.classifier = classifier;
    this.backend = backend;
  }

  long version() {
    return version;
  }

  /** The runtime, and whether batching is on: "tensorflow", "onnx, batching". */
  String backendKind() {
    return backend.kind() + (backend != classifier.backend() ? ", batching" : "");
  }

  /** A request's hold on this version, or null when it is already released for good. */
  synchronized Lease tryAcquire() {
    if (users == 0) {
      return null;
    }
    users++;
    return new Lease();
  }

  /** Drops the model's own reference: the version closes (then runs {@code onClosed}) once its last request ends. */
  synchronized void retire(Runnable onClosed) {
    this.onClosed = onClosed;
    release();
  }

  /** Drops one user; the last one closes the model. */
  private synchronized void release() {
    if (--users == 0) {
      if (backend != classifier.backend()) {
        backend.close();
      }
      classifier.close();
      onClosed.run();
    }
  }

  /** A request's use of the version; closing it releases the version. */
  public final class Lease implements AutoCloseable {
    private boolean closed;

    public long version() {
      return version;
    }

    public ImageClassifier classifier() {
      return classifier;
    }

    /** What runs requests on this version: every front end goes through it, so they share its batching. */
    public ModelBackend backend() {
      return backend;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release();
      }
    }
  }
}
