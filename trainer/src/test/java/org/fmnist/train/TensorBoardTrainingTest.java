package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.fmnist.data.FashionMnist;
import org.fmnist.tensorboard.EventFiles;
import org.fmnist.tensorboard.TensorBoardLogger;
import org.fmnist.tensorboard.TensorBoardOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/** The TensorBoard logs of short real runs, read back with TensorFlow's record reader. */
class TensorBoardTrainingTest {
  @TempDir Path tmp;

  private static final TrainingConfig CONFIG =
      TrainingConfig.builder().model("cnn-small").epochs(2).validationSplit(0.2).seed(5).limitTrain(640).build();
  /** 512 training images / 32 = 16 steps per epoch, 128 validation images. */
  private static final int STEPS = 16;

  @Test
  void aRunLogsKerasTagsWithTheValuesOfItsHistoryAndClosesItsFiles() {
    FashionMnist data = RealData.slice(640, 200);
    TensorBoardLogger logger = new TensorBoardLogger(new TensorBoardOptions(4, 1));
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    Trainer.Result result = new Trainer(CONFIG, RuntimeSettings.cpu(2), run, List.of(logger), line -> {}).fit(data, false);
    assertFalse(logger.isOpen(), "event files closed with the run");

    Map<String, Map<Long, Summary.Value>> train = values(run, "train");
    Map<String, Map<Long, Summary.Value>> validation = values(run, "validation");
    for (History.Epoch e : result.history().epochs()) {
      long step = e.epoch() - 1;
      assertEquals(e.loss(), train.get("epoch_loss").get(step).getSimpleValue(), 1e-6);
      assertEquals(e.accuracy(), train.get("epoch_accuracy").get(step).getSimpleValue(), 1e-6);
      assertEquals(e.learningRate(), train.get("epoch_learning_rate").get(step).getSimpleValue(), 1e-9);
      assertEquals(e.valLoss(), validation.get("epoch_loss").get(step).getSimpleValue(), 1e-6);
      assertEquals(e.valAccuracy(), validation.get("epoch_accuracy").get(step).getSimpleValue(), 1e-6);
    }
    assertEquals(List.of(4L, 8L, 12L, 16L, 20L, 24L, 28L, 32L), steps(train.get("batch_loss")));
    for (String weight : List.of("conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "dense/kernel", "dense_1/bias")) {
      Summary.Value h = train.get(weight + "/histogram").get(1L);
      assertTrue(h.hasHisto() && h.getHisto().getNum() > 0, weight);
    }
    Summary.Image filters = train.get("conv2d/kernel/image").get(1L).getImage();
    // cnn-small: 16 filters of 3x3, 4x4 tiles of 24 pixels (3 x 8) with 1-pixel lines.
    assertEquals(4 * 25 + 1, filters.getWidth());
    assertEquals(4 * 25 + 1, filters.getHeight());
    Map<String, Map<Long, Summary.Value>> test = values(run, "test");
    assertEquals(result.test().accuracy(), test.get("epoch_accuracy").get(1L).getSimpleValue(), 1e-6);
  }

  @Test
  void aResumedRunAppendsWithoutRepeatingAStep() {
    FashionMnist data = RealData.slice(640, 200);
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    TensorBoardLogger logger = new TensorBoardLogger(new TensorBoardOptions(1, 1));
    TrainingListener crash =
        new TrainingListener() {
          int epoch;

          @Override
          public void onEpochBegin(int epoch, int epochs, int steps) {
            this.epoch = epoch;
          }

          @Override
          public void onBatchEnd(int step, int steps, double loss, double accuracy) {
            if (epoch == 2 && step == 5) {
              throw new IllegalStateException("killed");
            }
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> new Trainer(CONFIG, RuntimeSettings.cpu(2), run, List.of(logger, crash), line -> {}).fit(data, false));
    assertFalse(logger.isOpen(), "event files closed when training fails");

    new Trainer(CONFIG, RuntimeSettings.cpu(2), run, List.of(logger), line -> {}).fit(data, true);

    Map<String, List<Long>> train = allSteps(run, "train");
    assertEquals(LongStream.rangeClosed(1, 2 * STEPS).boxed().toList(), train.get("batch_loss"));
    assertEquals(List.of(0L, 1L), train.get("epoch_loss"));
    assertEquals(List.of(0L, 1L), train.get("conv2d/kernel/histogram"));
    assertEquals(List.of(0L, 1L), allSteps(run, "validation").get("epoch_accuracy"));
    assertEquals(2, EventFiles.in(TensorBoardLogger.logs(run).resolve("train")).size());
  }

  @Test
  void aKillBetweenACheckpointAndItsSummariesIsMadeUpOnResume() {
    FashionMnist data = RealData.slice(640, 200);
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    TensorBoardLogger logger = new TensorBoardLogger(TensorBoardOptions.DEFAULTS);
    TrainingListener diesAfterCheckpoint =
        new TrainingListener() {
          @Override
          public void onEpochEnd(History.Epoch epoch, TrainingState state) {
            if (epoch.epoch() == 2) {
              throw new IllegalStateException("killed"); // before the logger hears of epoch 2
            }
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> new Trainer(CONFIG, RuntimeSettings.cpu(2), run, List.of(diesAfterCheckpoint, logger), line -> {})
            .fit(data, false));
    assertEquals(List.of(0L), allSteps(run, "train").get("epoch_loss"));

    Trainer.Result resumed =
        new Trainer(CONFIG, RuntimeSettings.cpu(2), run, List.of(logger), line -> {}).fit(data, true);

    Map<String, List<Long>> train = allSteps(run, "train");
    assertEquals(List.of(0L, 1L), train.get("epoch_loss"));
    assertEquals(List.of(0L, 1L), train.get("dense/kernel/histogram"), "from the restored weights");
    assertEquals(List.of(0L, 1L), allSteps(run, "validation").get("epoch_loss"));
    History.Epoch second = resumed.history().epochs().get(1);
    assertEquals(second.loss(), values(run, "train").get("epoch_loss").get(1L).getSimpleValue(), 1e-6);
  }

  /** Every tag's steps in writing order, over the folder's event files, repeats included. */
  private static Map<String, List<Long>> allSteps(RunDirectory run, String folder) {
    Map<String, List<Long>> steps = new HashMap<>();
    for (Path file : EventFiles.in(TensorBoardLogger.logs(run).resolve(folder))) {
      for (Event e : EventFiles.read(file)) {
        for (Summary.Value v : e.getSummary().getValueList()) {
          steps.computeIfAbsent(v.getTag(), t -> new ArrayList<>()).add(e.getStep());
        }
      }
    }
    return steps;
  }

  private static Map<String, Map<Long, Summary.Value>> values(RunDirectory run, String folder) {
    Map<String, Map<Long, Summary.Value>> values = new HashMap<>();
    for (Path file : EventFiles.in(TensorBoardLogger.logs(run).resolve(folder))) {
      for (Event e : EventFiles.read(file)) {
        for (Summary.Value v : e.getSummary().getValueList()) {
          values.computeIfAbsent(v.getTag(), t -> new HashMap<>()).put(e.getStep(), v);
        }
      }
    }
    return values;
  }

  private static List<Long> steps(Map<Long, Summary.Value> byStep) {
    return byStep.keySet().stream().sorted().toList();
  }
}
