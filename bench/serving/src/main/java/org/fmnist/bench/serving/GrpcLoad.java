package org.fmnist.bench.serving;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fmnist.serving.grpc.TfServingMethods;
import org.fmnist.serving.grpc.tfserving.PredictRequest;

/**
 * A TensorFlow Serving gRPC client on loopback: {@code Predict} calls on its own channel (one
 * HTTP/2 connection), each request's image batch packed in {@code tensor_content} as {@code
 * tf.make_tensor_proto} sends it.
 */
final class GrpcLoad {
  private GrpcLoad() {}

  /** Client {@code id} cycles through the {@code requests}, each its own offset. */
  static ConcurrentLoad.Client client(int port, List<PredictRequest> requests, int id) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    return new ConcurrentLoad.Client() {
      @Override
      public void call(int i) {
        PredictRequest request = requests.get((id * 7919 + i) % requests.size());
        ClientCalls.blockingUnaryCall(channel, TfServingMethods.PREDICT, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
      }

      @Override
      public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    };
  }
}
