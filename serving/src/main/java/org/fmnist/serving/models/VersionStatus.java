package org.fmnist.serving.models;

/** One entry of TensorFlow Serving's model_version_status. */
public record VersionStatus(long version, State state, String errorCode, String errorMessage) {
  public enum State {
    LOADING,
    AVAILABLE,
    UNLOADING,
    END
  }

  static VersionStatus of(long version, State state) {
    return new VersionStatus(version, state, "OK", "");
  }

  static VersionStatus failed(long version, String message) {
    return new VersionStatus(version, State.END, "UNKNOWN", message);
  }
}
