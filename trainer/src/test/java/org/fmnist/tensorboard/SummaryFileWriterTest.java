package org.fmnist.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

class SummaryFileWriterTest {
  @TempDir Path tmp;

  @Test
  void writesScalarsHistogramsAndImagesThatReadBack() {
    Path logs = tmp.resolve("train");
    try (SummaryFileWriter writer = SummaryFileWriter.open(logs)) {
      writer.scalar("epoch_loss", 0, 0.75);
      writer.scalar("epoch_loss", 1, 0.5);
      writer.histogram("dense/kernel/histogram", 1, new float[] {-1f, 0f, 0.5f, 2f});
      writer.image("conv2d/kernel", 1, new byte[][] {{0, (byte) 255, 0}, {(byte) 128, 0, 0}});
    }
    List<Path> files = EventFiles.in(logs);
    assertEquals(1, files.size(), files.toString());
    List<Event> events = EventFiles.read(files.get(0));
    Summary.Value loss = value(events, "epoch_loss", 1);
    assertEquals(0.5f, loss.getSimpleValue());
    Summary.Value histogram = value(events, "dense/kernel/histogram", 1);
    assertEquals(4, histogram.getHisto().getNum());
    assertEquals(-1, histogram.getHisto().getMin());
    assertEquals(2, histogram.getHisto().getMax());
    Summary.Value image = value(events, "conv2d/kernel/image", 1);
    assertEquals(3, image.getImage().getWidth());
    assertEquals(2, image.getImage().getHeight());
  }

  @Test
  void aSecondWriterSkipsTheStepsTheFolderAlreadyHolds() {
    Path logs = tmp.resolve("train");
    try (SummaryFileWriter first = SummaryFileWriter.open(logs)) {
      first.scalar("epoch_loss", 0, 0.75);
      first.scalar("epoch_loss", 1, 0.5);
    }
    try (SummaryFileWriter second = SummaryFileWriter.open(logs)) {
      second.scalar("epoch_loss", 1, 0.25);
      second.scalar("epoch_loss", 2, 0.125);
    }
    Set<EventFiles.TagStep> steps = EventFiles.tagSteps(logs);
    assertEquals(
        Set.of(
            new EventFiles.TagStep("epoch_loss", 0),
            new EventFiles.TagStep("epoch_loss", 1),
            new EventFiles.TagStep("epoch_loss", 2)),
        steps);
    int written = 0;
    for (Path file : EventFiles.in(logs)) {
      for (Event e : EventFiles.read(file)) {
        written += e.getSummary().getValueCount();
      }
    }
    assertEquals(3, written, "no step written twice");
  }

  private static Summary.Value value(List<Event> events, String tag, long step) {
    for (Event e : events) {
      for (Summary.Value v : e.getSummary().getValueList()) {
        if (v.getTag().equals(tag) && e.getStep() == step) {
          return v;
        }
      }
    }
    throw new AssertionError("no " + tag + " at step " + step + " in " + tags(events));
  }

  private static List<String> tags(List<Event> events) {
    return events.stream()
        .flatMap(e -> e.getSummary().getValueList().stream().map(v -> v.getTag() + "@" + e.getStep()))
        .toList();
  }

  @Test
  void closingTwiceIsHarmless() {
    SummaryFileWriter writer = SummaryFileWriter.open(tmp.resolve("x"));
    writer.close();
    writer.close();
    assertTrue(writer.isClosed());
  }

  @Test
  void aRecordCutShortByAKillEndsItsFile() throws Exception {
    Path logs = tmp.resolve("train");
    try (SummaryFileWriter writer = SummaryFileWriter.open(logs)) {
      writer.scalar("epoch_loss", 0, 0.75);
      writer.scalar("epoch_loss", 1, 0.5);
    }
    Path file = EventFiles.in(logs).get(0);
    byte[] all = java.nio.file.Files.readAllBytes(file);
    java.nio.file.Files.write(file, java.util.Arrays.copyOf(all, all.length - 7));
    assertEquals(Set.of(new EventFiles.TagStep("epoch_loss", 0)), EventFiles.tagSteps(logs));
  }
}
