package org.fmnist.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.fmnist.serving.grpc.tfserving.PredictResponse;
import org.fmnist.serving.grpc.tfserving.SignatureDefMap;
import org.fmnist.serving.grpc.tfserving.StatusProto;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.error.Code;

/**
 * The TF Serving messages compiled against the import-only declarations of src/main/proto-imports
 * refer, at run time, to TensorFlow Java's own descriptors (so its TensorProto and SignatureDef
 * classes are the ones on the wire), under protobuf-java 3.21.9.
 */
class TensorFlowProtoLinkTest {
  @Test
  void theApiMessagesUseTensorFlowJavasOwnTypes() {
    assertSame(TensorProto.getDescriptor(), valueType(PredictRequest.getDescriptor().findFieldByName("inputs")));
    assertSame(TensorProto.getDescriptor(), valueType(PredictResponse.getDescriptor().findFieldByName("outputs")));
    assertSame(SignatureDef.getDescriptor(), valueType(SignatureDefMap.getDescriptor().findFieldByName("signature_def")));
    assertSame(Code.getDescriptor(), StatusProto.getDescriptor().findFieldByName("error_code").getEnumType());
    assertSame(com.google.protobuf.GeneratedMessageV3.class, PredictRequest.class.getSuperclass());
  }

  private static com.google.protobuf.Descriptors.Descriptor valueType(com.google.protobuf.Descriptors.FieldDescriptor map) {
    return map.getMessageType().findFieldByName("value").getMessageType();
  }
}
