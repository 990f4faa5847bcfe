package org.fmnist.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;
import org.fmnist.model.Presets;
import org.fmnist.train.Device;
import org.fmnist.train.EpochOrder;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.RuntimeSettings;
import org.fmnist.train.Trainer;
import org.fmnist.train.TrainingConfig;
import org.fmnist.train.TrainingGraph;
import org.fmnist.train.TrainingListener;
import org.fmnist.train.TrainingState;
import org.fmnist.train.ValidationSplit;

/**
 * fmnist's own training run of one seed with the fidelity recipe (batch 32, Adam 1e-3, validation
 * split 0.1, float32, 2 threads), traced for bench/fidelity_trace.py, which replays it in Keras:
 * <ul>
 *   <li>{@code OUT/initial/variables.*}: the weights before the first step;
 *   <li>{@code OUT/order-epoch<N>.bin}: the order in which epoch N visits the training split, as
 *       int32 little-endian indices into its images (the first 90 % of the training set);
 *   <li>{@code OUT/steps.csv}: after every step, the epoch's running mean training loss and
 *       accuracy (what Keras's fit logs per batch);
 *   <li>{@code OUT/run/}: the ordinary run folder ({@code checkpoints/last} holds the final
 *       weights, {@code test_metrics.json} the test loss and accuracy).
 * </ul>
 * With EPOCHS 0 it writes only {@code OUT/initial/variables.*}, without training.
 *   java -cp bench/jmh/target/fmnist-bench.jar org.fmnist.bench.FidelityTrace MODEL SEED EPOCHS OUT
 */
public final class FidelityTrace implements TrainingListener {
  private static final double VALIDATION_SPLIT = 0.1;

  private final Path out;
  private final long seed;
  private final int trainImages;
  private final Writer steps;
  private int epoch;

  private FidelityTrace(Path out, long seed, int trainImages) throws IOException {
    this.out = out;
    this.seed = seed;
    this.trainImages = trainImages;
    this.steps = Files.newBufferedWriter(out.resolve("steps.csv"));
    steps.write("epoch,step,loss,accuracy\n");
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: FidelityTrace MODEL SEED EPOCHS OUT");
      System.exit(2);
    }
    long seed = Long.parseLong(args[1]);
    int epochs = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    Files.createDirectories(out);
    if (epochs == 0) {
      try (TrainingGraph graph =
          new TrainingGraph(Presets.get(args[0], 3), seed, Device.CPU.resolve(2))) {
        graph.initialize();
        saveInitial(graph, out);
      }
      return;
    }
    TrainingConfig config =
        TrainingConfig.builder()
            .model(args[0])
            .kernelSize(3)
            .epochs(epochs)
            .batchSize(32)
            .learningRate(1e-3)
            .validationSplit(VALIDATION_SPLIT)
            .seed(seed)
            .build();
    FashionMnist data = new DatasetLocator().load(null, false, System.err::println);
    int trainImages = ValidationSplit.of(data.train(), VALIDATION_SPLIT).train().size();
    FidelityTrace trace = new FidelityTrace(out, seed, trainImages);
    try (Writer closing = trace.steps) {
      Trainer trainer =
          new Trainer(
              config,
              RuntimeSettings.cpu(2),
              new RunDirectory(out.resolve("run")),
              List.of(trace),
              System.err::println);
      System.out.print(trainer.fit(data, false).test().format());
    }
  }

  @Override
  public void onTrainingBegin(TrainingGraph graph, RunDirectory run, TrainingState state) {
    saveInitial(graph, out);
  }

  private static void saveInitial(TrainingGraph graph, Path out) {
    Path initial = out.resolve("initial");
    try {
      Files.createDirectories(initial);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    graph.save(initial.resolve("variables"));
  }

  @Override
  public void onEpochBegin(int epoch, int epochs, int stepsPerEpoch) {
    this.epoch = epoch;
    int[] order = EpochOrder.of(seed, epoch, trainImages);
    ByteBuffer bytes = ByteBuffer.allocate(4 * order.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(order);
    try {
      Files.write(out.resolve("order-epoch" + epoch + ".bin"), bytes.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onBatchEnd(int step, int stepsPerEpoch, double loss, double accuracy) {
    try {
      steps.write(String.format(Locale.ROOT, "%d,%d,%.9g,%.9g%n", epoch, step, loss, accuracy));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
