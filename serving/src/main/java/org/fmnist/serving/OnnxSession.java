package org.fmnist.serving;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.SignatureDef;

/**
 * A version folder's {@code model.onnx} run by ONNX Runtime, behind the SavedModel's signature:
 * {@code serving_default}'s input and output names must be the ONNX graph's (as fmnist's exporter
 * writes them), and signatures, dtypes and shapes are read from {@code saved_model.pb} with
 * protobuf alone, so TensorFlow's native library is not needed. With several cores the model is
 * loaded twice, and batches of up to {@link #SMALL_BATCH} examples run on the session of one
 * intra-op thread (concurrent single-image REST requests: 30 % more per second than on the pool).
 */
public final class OnnxSession extends SavedModelBackend {
  public static final String ONNX_FILE = "model.onnx";

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final OrtSession smallBatches;

  private OnnxSession(Path folder, SavedModelGraph graph, OrtEnvironment environment, OrtSession session, OrtSession smallBatches) {
    super(folder, graph);
    this.environment = environment;
    this.session = session;
    this.smallBatches = smallBatches;
  }

  /** Loads {@code folder/model.onnx} for the SavedModel in {@code folder}; refuses one that does not match its signature. */
  public static OnnxSession load(Path folder) {
    Path file = folder.resolve(ONNX_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(folder + ": no " + ONNX_FILE + " for the ONNX Runtime backend");
    }
    if (!ModelFolders.isSavedModel(folder)) {
      throw new IllegalArgumentException(folder + ": not a SavedModel (no " + ModelFolders.SAVED_MODEL_FILE + ")");
    }
    SavedModelGraph graph = SavedModelGraph.read(folder);
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    List<OrtSession> sessions = new ArrayList<>(2);
    try {
      OrtSession session = createSession(environment, file, 0, sessions);
      OrtSession smallBatches = Runtime.getRuntime().availableProcessors() > 1 ? createSession(environment, file, 1, sessions) : session;
      OnnxSession loaded = new OnnxSession(folder, graph, environment, session, smallBatches);
      loaded.checkMatches(loaded.signature(ClassifierSignature.DEFAULT_KEY));
      return loaded;
    } catch (RuntimeException e) {
      sessions.forEach(OnnxSession::closeQuietly);
      throw e;
    }
  }

  /** A session on {@code intraOpThreads} threads (0: ONNX Runtime's choice, one per core), added to {@code created}. */
  private static OrtSession createSession(OrtEnvironment environment, Path file, int intraOpThreads, List<OrtSession> created) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(intraOpThreads);
      // ONNX Runtime's intra-op threads otherwise spin between runs: a server's concurrent requests
      // then lose a core to a thread that waits for work
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      OrtSession session = environment.createSession(file.toString(), options);
      created.add(session);
      return session;
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load " + file + ": " + ErrorMessages.firstLine(e), e);
    }
  }

  @Override
  public Backend kind() {
    return Backend.ONNX;
  }

  @Override
  public Map<String, HostTensor> run(String key, Map<String, HostTensor> feeds, List<String> outputNames) {
    SignatureDef signature = signature(key);
    if (!key.equals(ClassifierSignature.DEFAULT_KEY)) {
      throw new IllegalArgumentException(
          "signature " + key + " is not in " + ONNX_FILE + " (it holds " + ClassifierSignature.DEFAULT_KEY + " only): serve it with TensorFlow");
    }
    if (!signature.getInputsMap().keySet().equals(feeds.keySet())) {
      throw new IllegalArgumentException("signature " + key + " takes inputs " + new TreeSet<>(signature.getInputsMap().keySet()) + ", got " + feeds.keySet());
    }
    for (String name : outputNames) {
      if (!signature.getOutputsMap().containsKey(name)) {
        throw new IllegalArgumentException("signature " + key + " has no output " + name + " (outputs: " + new TreeSet<>(signature.getOutputsMap().keySet()) + ")");
      }
    }
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, HostTensor> feed : feeds.entrySet()) {
        inputs.put(feed.getKey(), toOnnx(feed.getValue()));
      }
      try (OrtSession.Result result = (isSmallBatch(feeds) ? smallBatches : session).run(inputs, new HashSet<>(outputNames))) {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (String name : outputNames) {
          values.put(name, toHost(name, (OnnxTensor) result.get(name).orElseThrow()));
        }
        return values;
      }
    } catch (OrtException e) {
      if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) {
        throw new InvalidInputException(ErrorMessages.firstLine(e), e);
      }
      throw new IllegalStateException("ONNX Runtime failed on " + folder().resolve(ONNX_FILE) + ": " + ErrorMessages.firstLine(e), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
    if (smallBatches != session) {
      closeQuietly(smallBatches);
    }
  }

  private void checkMatches(SignatureDef signature) {
    Set<String> onnxInputs;
    Set<String> onnxOutputs;
    try {
      onnxInputs = session.getInputNames();
      onnxOutputs = session.getOutputNames();
      for (Map.Entry<String, NodeInfo> output : session.getOutputInfo().entrySet()) {
        if (!(output.getValue().getInfo() instanceof TensorInfo)) {
          throw new IllegalArgumentException(folder().resolve(ONNX_FILE) + ": output " + output.getKey() + " is not a tensor");
        }
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot read " + folder().resolve(ONNX_FILE) + ": " + ErrorMessages.firstLine(e), e);
    }
    if (!onnxInputs.equals(signature.getInputsMap().keySet()) || !onnxOutputs.containsAll(signature.getOutputsMap().keySet())) {
      throw new IllegalArgumentException(
          folder().resolve(ONNX_FILE) + " does not match the SavedModel's " + ClassifierSignature.DEFAULT_KEY + " signature: it takes "
              + new TreeSet<>(onnxInputs) + " and returns " + new TreeSet<>(onnxOutputs) + ", the signature takes "
              + new TreeSet<>(signature.getInputsMap().keySet()) + " and returns " + new TreeSet<>(signature.getOutputsMap().keySet()));
    }
  }

  private OnnxTensor toOnnx(HostTensor host) throws OrtException {
    long[] shape = host.shape();
    return switch (host.dtype()) {
      case DT_FLOAT -> OnnxTensor.createTensor(environment, FloatBuffer.wrap(host.floats()), shape);
      case DT_DOUBLE -> OnnxTensor.createTensor(environment, DoubleBuffer.wrap(host.doubles()), shape);
      case DT_INT32 -> OnnxTensor.createTensor(environment, IntBuffer.wrap(host.ints()), shape);
      case DT_INT64 -> OnnxTensor.createTensor(environment, LongBuffer.wrap(host.longs()), shape);
      case DT_UINT8 -> OnnxTensor.createTensor(environment, ByteBuffer.wrap(host.unsignedBytes()), shape, OnnxJavaType.UINT8);
      case DT_BOOL -> {
        boolean[] values = host.booleans();
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
          bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        yield OnnxTensor.createTensor(environment, ByteBuffer.wrap(bytes), shape, OnnxJavaType.BOOL);
      }
      default -> throw new IllegalArgumentException("cannot feed a tensor of type " + host.dtype() + " to ONNX Runtime");
    };
  }

  private static HostTensor toHost(String name, OnnxTensor tensor) {
    long[] shape = tensor.getInfo().getShape();
    return switch (tensor.getInfo().type) {
      case FLOAT -> {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] v = new float[buffer.remaining()];
        buffer.get(v);
        yield HostTensor.ofFloats(shape, v);
      }
      case DOUBLE -> {
        DoubleBuffer buffer = tensor.getDoubleBuffer();
        double[] v = new double[buffer.remaining()];
        buffer.get(v);
        yield HostTensor.ofDoubles(shape, v);
      }
      case INT32 -> {
        IntBuffer buffer = tensor.getIntBuffer();
        int[] v = new int[buffer.remaining()];
        buffer.get(v);
        yield HostTensor.ofInts(shape, v);
      }
      case INT64 -> {
        LongBuffer buffer = tensor.getLongBuffer();
        long[] v = new long[buffer.remaining()];
        buffer.get(v);
        yield HostTensor.ofLongs(shape, v);
      }
      case UINT8 -> {
        ByteBuffer buffer = tensor.getByteBuffer();
        byte[] v = new byte[buffer.remaining()];
        buffer.get(v);
        yield HostTensor.ofUnsignedBytes(shape, v);
      }
      case BOOL -> {
        ByteBuffer buffer = tensor.getByteBuffer();
        boolean[] v = new boolean[buffer.remaining()];
        for (int i = 0; i < v.length; i++) {
          v[i] = buffer.get() != 0;
        }
        yield HostTensor.ofBooleans(shape, v);
      }
      default -> throw new IllegalArgumentException("cannot return ONNX output " + name + " of type " + tensor.getInfo().type);
    };
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing useful to do while closing
    }
  }
}
