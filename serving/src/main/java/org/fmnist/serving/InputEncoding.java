package org.fmnist.serving;

import org.tensorflow.proto.DataType;

/**
 * Turns images of pixels in [0, 1] into the model's input tensor: uint8 inputs get the bytes back
 * (round(p × 255)); float inputs get p × scale (1 for models trained on [0, 1], 255 for models
 * trained on raw bytes); the tensor has the signature's own instance shape.
 */
record InputEncoding(DataType type, long[] instanceShape, int instanceSize, float scale) {
  static InputEncoding of(ClassifierSignature signature, double scale) {
    return new InputEncoding(signature.inputType(), signature.instanceShape(), signature.instanceSize(), (float) scale);
  }

  HostTensor encode(float[][] images) {
    long[] shape = new long[instanceShape.length + 1];
    shape[0] = images.length;
    System.arraycopy(instanceShape, 0, shape, 1, instanceShape.length);
    if (type == DataType.DT_UINT8) {
      byte[] bytes = new byte[images.length * instanceSize];
      for (int i = 0; i < images.length; i++) {
        for (int p = 0; p < instanceSize; p++) {
          bytes[i * instanceSize + p] = (byte) Math.round(images[i][p] * 255f);
        }
      }
      return HostTensor.ofUnsignedBytes(shape, bytes);
    }
    float[] values = new float[images.length * instanceSize];
    for (int i = 0; i < images.length; i++) {
      if (scale == 1f) {
        System.arraycopy(images[i], 0, values, i * instanceSize, instanceSize);
      } else {
        for (int p = 0; p < instanceSize; p++) {
          values[i * instanceSize + p] = images[i][p] * scale;
        }
      }
    }
    return HostTensor.ofFloats(shape, values);
  }

}
