package org.fmnist.serving.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** A TensorFlow Serving gRPC client over a real loopback connection, as an outside client is. */
public final class GrpcClient implements AutoCloseable {
  private final ManagedChannel channel;

  public GrpcClient(int port) {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(64 << 20).build();
  }

  public <Q, R> R call(MethodDescriptor<Q, R> method, Q request) {
    return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
  }

  ManagedChannel channel() {
    return channel;
  }

  public static ModelSpec spec(String model) {
    return ModelSpec.newBuilder().setName(model).build();
  }

  static ModelSpec spec(String model, long version) {
    return ModelSpec.newBuilder().setName(model).setVersion(Int64Value.of(version)).build();
  }

  public static PredictRequest predict(ModelSpec spec, String input, TensorProto tensor) {
    return PredictRequest.newBuilder().setModelSpec(spec).putInputs(input, tensor).build();
  }

  /** Images as a [n, 28, 28, 1] float tensor, packed in tensor_content or listed in float_val. */
  public static TensorProto images(float[][] images, boolean packed) {
    return floats(new long[] {images.length, 28, 28, 1}, images, packed);
  }

  static TensorProto floats(long[] shape, float[][] rows, boolean packed) {
    TensorProto.Builder proto = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(shape));
    int count = 0;
    for (float[] row : rows) {
      count += row.length;
    }
    if (packed) {
      ByteBuffer bytes = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : rows) {
        bytes.asFloatBuffer().put(row);
        bytes.position(bytes.position() + row.length * Float.BYTES);
      }
      proto.setTensorContent(ByteString.copyFrom(bytes.flip()));
    } else {
      for (float[] row : rows) {
        for (float v : row) {
          proto.addFloatVal(v);
        }
      }
    }
    return proto.build();
  }

  static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    return shape.build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }
}
