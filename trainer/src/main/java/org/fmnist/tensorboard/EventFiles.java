package org.fmnist.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.fmnist.data.DataException;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * What the TensorBoard event files of a folder already hold, read back with TensorFlow's own
 * {@code TFRecordDatasetV2}: every (tag, step) of their summaries. A record cut short by a kill ends
 * its file, as it does for TensorBoard's reader (records are read one by one, so every complete
 * record before it counts).
 */
public final class EventFiles {
  private EventFiles() {}

  /** A summary value's tag at a step. */
  public record TagStep(String tag, long step) {}

  /**
   * The event files of {@code folder} in writing order: by name, its numbers (the second it was
   * opened, the process id, TensorFlow's per-process writer counter) compared as numbers, so that
   * writer 10 follows writer 9 of the same second; none if the folder is missing.
   */
  public static List<Path> in(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.getFileName().toString().contains("tfevents"))
          .sorted(Comparator.comparing(f -> f.getFileName().toString(), EventFiles::compareNames))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  public static Set<TagStep> tagSteps(Path folder) {
    Set<TagStep> all = new HashSet<>();
    for (Path file : in(folder)) {
      for (Event event : read(file)) {
        for (Summary.Value value : event.getSummary().getValueList()) {
          all.add(new TagStep(value.getTag(), event.getStep()));
        }
      }
    }
    return all;
  }

  /** The events of one file, in order. */
  public static List<Event> read(Path file) {
    List<Event> events = new java.util.ArrayList<>();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      // TFRecordDataset (V1): TensorFlow 2.16 serializes TFRecordDatasetV2 with one input too few
      // when the iterator is made, and TF Java 1.0.0 only wraps V2.
      Operand<TType> records =
          tf.scope()
              .opBuilder("TFRecordDataset", "records")
              .addInput(tf.constant(file.toAbsolutePath().toString()).asOutput())
              .addInput(tf.constant("").asOutput())
              .addInput(tf.constant(0L).asOutput())
              .build()
              .output(0);
      List<Class<? extends TType>> types = List.of(TString.class);
      List<Shape> shapes = List.of(Shape.scalar());
      Operand<? extends TType> iterator = tf.data.iterator("events", "", types, shapes);
      Op init = tf.data.makeIterator(records, iterator);
      Operand<?> next = tf.data.iteratorGetNext(iterator, types, shapes).components().get(0);
      try (Session session = new Session(graph)) {
        session.runner().addTarget(init).run();
        while (true) {
          try (Result result = session.runner().fetch(next).run()) {
            events.add(Event.parseFrom(((TString) result.get(0)).asBytes().getObject()));
          } catch (TFOutOfRangeException end) {
            return events;
          } catch (TensorFlowException e) {
            if (String.valueOf(e.getMessage()).contains("truncated record")) {
              return events;
            }
            throw new DataException(file + " is not a readable event file: " + e.getMessage().strip());
          }
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new DataException(file + " is not a TensorBoard event file: " + e.getMessage());
    }
  }

  /** Dot-separated fields, numeric ones compared as numbers. */
  private static int compareNames(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c =
          x[i].matches("\\d{1,18}") && y[i].matches("\\d{1,18}")
              ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
              : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
