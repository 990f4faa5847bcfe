package org.fmnist.serving.grpc;

/**
 * How {@code fmnist serve}'s gRPC front end listens: its port (0 picks a free one) and the largest
 * request message it reads (larger ones are refused RESOURCE_EXHAUSTED). It binds the REST
 * server's host and has as many workers.
 */
public record GrpcConfig(int port, int maxMessageBytes) {
  /** TensorFlow Serving's gRPC port. */
  public static final int DEFAULT_PORT = 8500;

  public GrpcConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("gRPC port must be 0..65535, got " + port);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("the gRPC message limit must be positive, got " + maxMessageBytes);
    }
  }
}
