package org.fmnist.serving.rest;

/** A refused request: the HTTP status and the message of its {"error": ...} body (TF Serving's and KServe v2's error shape). */
final class ApiException extends RuntimeException {
  static final int BAD_REQUEST = 400;
  static final int NOT_FOUND = 404;
  static final int METHOD_NOT_ALLOWED = 405;
  static final int NOT_ACCEPTABLE = 406;
  static final int PAYLOAD_TOO_LARGE = 413;
  static final int UNSUPPORTED_MEDIA_TYPE = 415;
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
