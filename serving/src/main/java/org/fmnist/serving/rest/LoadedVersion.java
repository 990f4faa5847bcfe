package org.fmnist.serving.rest;

import org.fmnist.serving.ImageClassifier;

/**
 * A loaded model version shared by the requests using it. It counts its users (the model's own
 * reference plus one per request) and closes the model when the last one lets go, so a version
 * swapped out keeps serving the requests already running on it.
 */
public final class LoadedVersion {
  private final long version;
  private final ImageClassifier classifier;
  private int users = 1;

  LoadedVersion(long version, ImageClassifier classifier) {
    this.version = version;
    this.classifier = classifier;
  }

  long version() {
    return version;
  }

  /** A request's hold on this version, or null when it is already released for good. */
  synchronized Lease tryAcquire() {
    if (users == 0) {
      return null;
    }
    users++;
    return new Lease();
  }

  /** Drops one user; the last one closes the model. */
  synchronized void release() {
    if (--users == 0) {
      classifier.close();
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

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release();
      }
    }
  }
}
