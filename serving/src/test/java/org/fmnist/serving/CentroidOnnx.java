package org.fmnist.serving;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The tests' centroid classifier (see {@link TestModels}) written as a minimal ONNX file (IR 7,
 * opset 13): image [N, 28, 28, 1] -> Reshape -> MatMul -> Add -> Softmax = probabilities, ArgMax =
 * class_id. Lets the serving tests and the benchmark run ONNX Runtime on the same classifier as
 * TensorFlow without fmnist's exporter (serving depends on no other fmnist module). Field numbers
 * are those of the published onnx.proto.
 */
public final class CentroidOnnx {
  private CentroidOnnx() {}

  public static Path write(Path file, float temperature) {
    float[][] kernel = TestModels.kernel(temperature);
    float[] flatKernel = new float[kernel.length * kernel[0].length];
    for (int p = 0; p < kernel.length; p++) {
      System.arraycopy(kernel[p], 0, flatKernel, p * kernel[0].length, kernel[0].length);
    }
    byte[] graph =
        message(
            out -> {
              bytes(out, 1, node("Reshape", new String[] {"image", "shape"}, "flat", null));
              bytes(out, 1, node("MatMul", new String[] {"flat", "kernel"}, "product", null));
              bytes(out, 1, node("Add", new String[] {"product", "bias"}, "logits", null));
              bytes(out, 1, node("Softmax", new String[] {"logits"}, "probabilities", null));
              bytes(out, 1, node("ArgMax", new String[] {"probabilities"}, "class_id", new long[] {1, 0}));
              out.writeString(2, "centroids");
              bytes(out, 5, int64Tensor("shape", new long[] {-1, 784}));
              bytes(out, 5, floatTensor("kernel", new long[] {784, 10}, flatKernel));
              bytes(out, 5, floatTensor("bias", new long[] {10}, TestModels.bias(temperature)));
              bytes(out, 11, valueInfo("image", 1, new long[] {-1, 28, 28, 1}));
              bytes(out, 12, valueInfo("probabilities", 1, new long[] {-1, 10}));
              bytes(out, 12, valueInfo("class_id", 7, new long[] {-1}));
            });
    byte[] model =
        message(
            out -> {
              out.writeInt64(1, 7);
              out.writeString(2, "fmnist-tests");
              out.writeString(3, "0");
              bytes(out, 7, graph);
              bytes(out, 8, message(opset -> opset.writeInt64(2, 13)));
            });
    try {
      Files.write(file, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** NodeProto; {@code argMax} = {axis, keepdims} for ArgMax. */
  private static byte[] node(String op, String[] inputs, String output, long[] argMax) {
    return message(
        out -> {
          for (String input : inputs) {
            out.writeString(1, input);
          }
          out.writeString(2, output);
          out.writeString(3, op.toLowerCase(Locale.ROOT));
          out.writeString(4, op);
          if (argMax != null) {
            bytes(out, 5, intAttribute("axis", argMax[0]));
            bytes(out, 5, intAttribute("keepdims", argMax[1]));
          }
        });
  }

  private static byte[] intAttribute(String name, long value) {
    return message(
        out -> {
          out.writeString(1, name);
          out.writeInt64(3, value);
          out.writeInt32(20, 2); // AttributeType INT
        });
  }

  private static byte[] floatTensor(String name, long[] dims, float[] values) {
    return message(
        out -> {
          for (long d : dims) {
            out.writeInt64(1, d);
          }
          out.writeInt32(2, 1); // FLOAT
          out.writeString(8, name);
          ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (float v : values) {
            raw.putFloat(v);
          }
          out.writeBytes(9, ByteString.copyFrom(raw.array()));
        });
  }

  private static byte[] int64Tensor(String name, long[] values) {
    return message(
        out -> {
          out.writeInt64(1, values.length);
          out.writeInt32(2, 7); // INT64
          for (long v : values) {
            out.writeInt64(7, v);
          }
          out.writeString(8, name);
        });
  }

  /** ValueInfoProto of a tensor with element type {@code type}; -1 dims become the symbol N. */
  private static byte[] valueInfo(String name, int type, long[] dims) {
    byte[] shape =
        message(
            out -> {
              for (long d : dims) {
                bytes(out, 1, message(dim -> {
                  if (d < 0) {
                    dim.writeString(2, "N");
                  } else {
                    dim.writeInt64(1, d);
                  }
                }));
              }
            });
    byte[] tensorType =
        message(
            out -> {
              out.writeInt32(1, type);
              bytes(out, 2, shape);
            });
    return message(
        out -> {
          out.writeString(1, name);
          bytes(out, 2, message(typeProto -> bytes(typeProto, 1, tensorType)));
        });
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      fields.write(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void bytes(CodedOutputStream out, int field, byte[] message) throws IOException {
    out.writeByteArray(field, message);
  }
}
