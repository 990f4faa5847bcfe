package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.DoubleArbitrary;
import net.jqwik.api.constraints.IntRange;
import org.fmnist.data.LabeledImages;
import org.fmnist.io.AtomicFiles;
import org.fmnist.model.ModelSpec;
import org.fmnist.model.SpecParser;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A checkpoint written then restored is the identity: the weights, the BatchNormalization
 * statistics, Adam's slots and step count (the next step moves both graphs alike) and the
 * training state, for random initial weights, a random number of steps at a random learning rate,
 * and a random history.
 */
class CheckpointRoundTripPropertyTest {
  private static final ModelSpec SMALL =
      SpecParser.parse("small", "conv:4:3:valid bn relu maxpool:2 flatten dense:10");
  private static final int BATCH = 32;

  @Property(tries = 5)
  void aRestoredCheckpointEqualsTheSavedGraphAndState(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 3) int steps,
      @ForAll("learningRates") float learningRate,
      @ForAll("states") TrainingState state)
      throws Exception {
    LabeledImages data = RealData.slice(BATCH * 4, 0).train();
    int[] order = EpochOrder.of(seed, 1, data.size());
    Path root = Files.createTempDirectory("checkpoint-property");
    Path folder = root.resolve("last");
    try (TrainingGraph saved = new TrainingGraph(SMALL, seed, Device.CPU.resolve(1));
        TrainingGraph restored = new TrainingGraph(SMALL, seed + 1, Device.CPU.resolve(1))) {
      saved.initialize();
      for (int step = 0; step < steps; step++) {
        saved.trainStep(data, order, step * BATCH, BATCH, seed, step, learningRate);
      }
      Checkpoints.write(saved, state, folder);
      restored.initialize();
      restored.restore(Checkpoints.variables(folder));

      assertEquals(state, Checkpoints.readState(folder));
      assertSameVariables(saved, restored);
      TrainingGraph.StepResult next = saved.trainStep(data, order, 0, BATCH, seed, steps, learningRate);
      assertEquals(next, restored.trainStep(data, order, 0, BATCH, seed, steps, learningRate));
      assertSameVariables(saved, restored);
    } finally {
      AtomicFiles.deleteRecursively(root);
    }
  }

  private static void assertSameVariables(TrainingGraph expected, TrainingGraph actual) {
    Map<String, Variable<TFloat32>> all = expected.parameters().all();
    assertEquals(actual.parameters().all().keySet(), all.keySet());
    for (String name : all.keySet()) {
      assertArrayEquals(expected.read(name), actual.read(name), name);
    }
  }

  @Provide
  Arbitrary<Float> learningRates() {
    return Arbitraries.floats().between(1e-5f, 0.1f).ofScale(7);
  }

  @Provide
  Arbitrary<TrainingState> states() {
    DoubleArbitrary finite = Arbitraries.doubles().between(0, 10).ofScale(12);
    Arbitrary<Double> metric = finite.withSpecialValue(Double.NaN);
    Arbitrary<History.Epoch> epoch =
        Combinators.combine(
                Arbitraries.integers().between(1, 100), metric, metric, metric, metric,
                Arbitraries.doubles().between(0, 1000).ofScale(3), Arbitraries.doubles().between(1e-6, 1).ofScale(9))
            .as(History.Epoch::new);
    Arbitrary<History> history = epoch.list().ofMaxSize(5).map(History::new);
    return Combinators.combine(
            Arbitraries.integers().between(0, 100), history,
            finite.withSpecialValue(Double.POSITIVE_INFINITY), Arbitraries.integers().between(0, 100),
            Arbitraries.integers().between(0, 10), Arbitraries.of(true, false))
        .as(TrainingState::new);
  }
}
