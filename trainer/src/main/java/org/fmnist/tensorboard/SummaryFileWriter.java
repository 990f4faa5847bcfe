package org.fmnist.tensorboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * One TensorBoard event file, written by TensorFlow's own summary ops ({@code
 * CreateSummaryFileWriter}, {@code WriteScalarSummary}, {@code WriteHistogramSummary}, {@code
 * WriteImageSummary}, {@code FlushSummaryWriter}, {@code CloseSummaryWriter}) in a small graph and
 * session of its own. A (tag, step) that the folder's earlier event files already hold is not
 * written again, so a resumed run appends to its logs without duplicating a step. Close it to close
 * the event file and free the native graph and session.
 */
public final class SummaryFileWriter implements AutoCloseable {
  /**
   * Events queued before a write, and at most 2 minutes between writes (tf.summary's flush time).
   * tf.summary queues 10, but every write of the queue syncs the file to disk: with batch
   * summaries that was a disk sync every 5 steps. The logger flushes at the end of each epoch.
   */
  private static final int MAX_QUEUE = 1000;
  private static final int FLUSH_MILLIS = 120_000;
  private static final AtomicLong WRITERS = new AtomicLong();
  /** Scalars written by one session call (a step's batch_loss and batch_accuracy, say). */
  private static final int SCALAR_SLOTS = 4;
  private static final RunOptions IN_CALLER_THREAD =
      RunOptions.newBuilder().setInterOpThreadPool(-1).build();

  private final Graph graph;
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final List<ScalarSlot> scalarSlots = new ArrayList<>();
  private final Placeholder<TFloat32> values;
  private final Placeholder<TUint8> image;
  private final Op writeHistogram;
  private final Op writeImage;
  private final Op flush;
  private final Op closeWriter;
  private final Set<EventFiles.TagStep> present;
  private boolean closed;

  private SummaryFileWriter(Path folder, Set<EventFiles.TagStep> present) {
    this.present = present;
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      Operand<? extends TType> writer =
          tf.summary.summaryWriter(
              SummaryWriter.sharedName("fmnist_summary_writer_" + WRITERS.incrementAndGet()));
      Op create =
          tf.summary.createSummaryFileWriter(
              writer,
              tf.constant(folder.toAbsolutePath().toString()),
              tf.constant(MAX_QUEUE),
              tf.constant(FLUSH_MILLIS),
              tf.constant(".v2"));
      step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      for (int i = 0; i < SCALAR_SLOTS; i++) {
        Placeholder<TString> slotTag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> slotValue =
            tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        scalarSlots.add(
            new ScalarSlot(slotTag, slotValue, tf.summary.writeScalarSummary(writer, step, slotTag, slotValue)));
      }
      values = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      image = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 1)));
      writeHistogram = tf.summary.writeHistogramSummary(writer, step, tag, values);
      writeImage =
          tf.summary.writeImageSummary(
              writer, step, tag, image, tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}),
              WriteImageSummary.maxImages(1L));
      flush = tf.summary.flushSummaryWriter(writer);
      closeWriter = tf.summary.closeSummaryWriter(writer);
      session = new Session(graph, oneThread());
      runner().addTarget(create).run();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** A writer of a new event file in {@code folder} (created if missing). */
  public static SummaryFileWriter open(Path folder) {
    return new SummaryFileWriter(folder, EventFiles.tagSteps(folder));
  }

  /**
   * A call that runs its ops on the calling thread ({@code inter_op_thread_pool = -1}): these graphs
   * are a few tiny ops, and handing each call to a pool thread and back cost more than the ops on a
   * busy machine.
   */
  private Session.Runner runner() {
    return session.runner().setOptions(IN_CALLER_THREAD);
  }

  private static ConfigProto oneThread() {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(1)
        .build();
  }

  /** One of the scalar writes a session call can make. */
  private record ScalarSlot(Placeholder<TString> tag, Placeholder<TFloat32> value, Op write) {}

  /** A scalar (stored as TensorBoard's float32 {@code simple_value}). */
  public void scalar(String name, long at, double value) {
    scalars(at, Map.of(name, value));
  }

  /** Scalars of one step, written in as few session calls as the slots allow. */
  public void scalars(long at, Map<String, Double> named) {
    List<Map.Entry<String, Double>> fresh =
        named.entrySet().stream().filter(e -> isNew(e.getKey(), at)).toList();
    for (int from = 0; from < fresh.size(); from += SCALAR_SLOTS) {
      List<Tensor> tensors = new ArrayList<>();
      try {
        TInt64 s = TInt64.scalarOf(at);
        tensors.add(s);
        Session.Runner runner = runner().feed(step, s);
        for (int i = 0; i < SCALAR_SLOTS && from + i < fresh.size(); i++) {
          ScalarSlot slot = scalarSlots.get(i);
          Map.Entry<String, Double> entry = fresh.get(from + i);
          TString t = TString.scalarOf(entry.getKey());
          tensors.add(t);
          TFloat32 v = TFloat32.scalarOf(entry.getValue().floatValue());
          tensors.add(v);
          runner.feed(slot.tag(), t).feed(slot.value(), v).addTarget(slot.write());
        }
        runner.run();
      } finally {
        tensors.forEach(Tensor::close);
      }
    }
  }

  /** A histogram of {@code data}, with TensorFlow's default buckets. */
  public void histogram(String name, long at, float[] data) {
    if (isNew(name, at)) {
      try (TInt64 s = TInt64.scalarOf(at);
          TString t = TString.scalarOf(name);
          TFloat32 v = TFloat32.tensorOf(Shape.of(data.length), DataBuffers.of(data, true, false))) {
        runner().feed(step, s).feed(tag, t).feed(values, v).addTarget(writeHistogram).run();
      }
    }
  }

  /**
   * A grey image, {@code pixels[row][column]}, encoded as PNG by the op; TensorBoard lists it as
   * {@code name + "/image"}.
   */
  public void image(String name, long at, byte[][] pixels) {
    if (isNew(name + "/image", at)) {
      int height = pixels.length;
      int width = pixels[0].length;
      byte[] flat = new byte[height * width];
      for (int r = 0; r < height; r++) {
        System.arraycopy(pixels[r], 0, flat, r * width, width);
      }
      try (TInt64 s = TInt64.scalarOf(at);
          TString t = TString.scalarOf(name);
          TUint8 v = TUint8.tensorOf(Shape.of(1, height, width, 1), DataBuffers.of(flat, true, false))) {
        runner().feed(step, s).feed(tag, t).feed(image, v).addTarget(writeImage).run();
      }
    }
  }

  private boolean isNew(String name, long at) {
    return !present.contains(new EventFiles.TagStep(name, at));
  }

  /** Writes the queued events to disk. */
  public void flush() {
    runner().addTarget(flush).run();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      runner().addTarget(closeWriter).run();
    } finally {
      session.close();
      graph.close();
    }
  }

  /** Whether the event file is closed (for tests: a run closes its writers when it ends). */
  public boolean isClosed() {
    return closed;
  }
}
