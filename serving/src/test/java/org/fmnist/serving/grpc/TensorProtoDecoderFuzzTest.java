package org.fmnist.serving.grpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import org.fmnist.serving.InvalidInputException;
import org.tensorflow.proto.TensorProto;

/**
 * Coverage-guided fuzzing of the gRPC request tensor decoder: any serialized {@link TensorProto}
 * is a tensor or an {@link InvalidInputException} (the client's INVALID_ARGUMENT), never an Error,
 * NPE, index or arithmetic exception, and never a tensor far larger than the message.
 */
class TensorProtoDecoderFuzzTest {
  private static final int MAX_BYTES = 1 << 16;
  /** The memory budget of one decoded tensor, in values (a test fixture, not the decoder's constant). */
  private static final int MAX_VALUES = 16 * 1024 * 1024;

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] message) {
    if (message.length > MAX_BYTES) {
      return;
    }
    TensorProto proto;
    try {
      proto = TensorProto.parseFrom(message);
    } catch (InvalidProtocolBufferException notAMessage) {
      return; // gRPC's own parsing rejects these before the decoder sees them
    }
    try {
      int size = TensorProtoDecoder.decode("images", proto).size();
      if (size > MAX_VALUES) {
        throw new AssertionError(message.length + " bytes decoded to " + size + " values");
      }
    } catch (InvalidInputException expected) {
      // a one-line INVALID_ARGUMENT is the decoder's answer to a bad tensor
    }
  }
}
