package org.fmnist.cli;

import java.util.List;
import java.util.Locale;
import org.fmnist.tensorboard.TensorBoardLogger;
import org.fmnist.tensorboard.TensorBoardOptions;
import org.fmnist.train.RunDirectory;
import org.fmnist.train.TrainingListener;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The TensorBoard options of {@code train} and {@code experiment}, named after Keras's callback. */
final class TensorBoardCliOptions {
  /** The option names, which may accompany {@code --resume} (they change no result). */
  static final List<String> NAMES =
      List.of("--no-tensorboard", "--tensorboard-update-freq", "--histogram-freq");

  @Option(names = "--no-tensorboard", description = "Write no TensorBoard logs (RUN/logs/).")
  boolean off;

  @Option(
      names = "--tensorboard-update-freq",
      paramLabel = "epoch|batch|N",
      converter = UpdateFrequency.class,
      description =
          "Keras's update_freq: also log batch_loss and batch_accuracy every N steps (batch: every"
              + " step; default: epoch, per epoch only; a resumed run keeps its own).")
  Integer updateFrequency;

  @Option(
      names = "--histogram-freq",
      paramLabel = "N",
      description =
          "Log weight histograms and the first layer's filters every N epochs (0: never; default:"
              + " 1; a resumed run keeps its own).")
  Integer histogramFrequency;

  /** The TensorBoard listener of a new run, or none. */
  List<TrainingListener> listeners() {
    return listeners(TensorBoardOptions.DEFAULTS);
  }

  /** The TensorBoard listener of a resumed run: the options its logs began with, unless given. */
  List<TrainingListener> listeners(RunDirectory resumed) {
    return listeners(TensorBoardLogger.savedOptions(resumed).orElse(TensorBoardOptions.DEFAULTS));
  }

  private List<TrainingListener> listeners(TensorBoardOptions defaults) {
    if (off) {
      return List.of();
    }
    TensorBoardOptions options =
        new TensorBoardOptions(
            updateFrequency != null ? updateFrequency : defaults.updateFrequency(),
            histogramFrequency != null ? histogramFrequency : defaults.histogramFrequency());
    return List.of(new TensorBoardLogger(options));
  }

  /** {@code epoch} (0), {@code batch} (1) or a number of steps. */
  static final class UpdateFrequency implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String v = value.toLowerCase(Locale.ROOT);
      if (v.equals("epoch")) {
        return 0;
      }
      if (v.equals("batch")) {
        return 1;
      }
      try {
        int steps = Integer.parseInt(v);
        if (steps >= 1) {
          return steps;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
      throw new TypeConversionException("give epoch, batch or a number of steps >= 1, not '" + value + "'");
    }
  }
}
