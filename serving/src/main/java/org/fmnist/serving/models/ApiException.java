package org.fmnist.serving.models;

/** A refused request: the HTTP status and the message of its {"error": ...} body (TF Serving's and KServe v2's error shape). */
public final class ApiException extends RuntimeException {
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int METHOD_NOT_ALLOWED = 405;
  public static final int NOT_ACCEPTABLE = 406;
  public static final int REQUEST_TIMEOUT = 408;
  public static final int PAYLOAD_TOO_LARGE = 413;
  public static final int UNSUPPORTED_MEDIA_TYPE = 415;
  public static final int TOO_MANY_REQUESTS = 429;
  public static final int SERVICE_UNAVAILABLE = 503;
  public static final int GATEWAY_TIMEOUT = 504;

  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(BAD_REQUEST, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(NOT_FOUND, message);
  }

  public int status() {
    return status;
  }
}
