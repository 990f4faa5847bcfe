package org.fmnist.serving.rest;

/** A request TensorFlow Serving would refuse: the HTTP status and the message of its {"error": ...} body. */
final class ApiException extends RuntimeException {
  static final int BAD_REQUEST = 400;
  static final int NOT_FOUND = 404;
  static final int PAYLOAD_TOO_LARGE = 413;
  static final int SERVICE_UNAVAILABLE = 503;

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(BAD_REQUEST, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(NOT_FOUND, message);
  }

  int status() {
    return status;
  }
}
