package org.fmnist.train;

import java.util.List;
import java.util.Locale;

/** Per-epoch metrics of a run, as Keras's {@code History} holds them. */
public record History(List<Epoch> epochs) {
  public History {
    epochs = List.copyOf(epochs);
  }

  /** One epoch; validation values are NaN when the run has no validation split. */
  public record Epoch(
      int epoch,
      double loss,
      double accuracy,
      double valLoss,
      double valAccuracy,
      double seconds,
      double learningRate) {}

  public static History empty() {
    return new History(List.of());
  }

  public History plus(Epoch epoch) {
    List<Epoch> all = new java.util.ArrayList<>(epochs);
    all.add(epoch);
    return new History(all);
  }

  public String toCsv() {
    StringBuilder out =
        new StringBuilder("epoch,loss,accuracy,val_loss,val_accuracy,seconds,learning_rate\n");
    for (Epoch e : epochs) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.8g%n",
              e.epoch(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(), e.seconds(),
              e.learningRate()));
    }
    return out.toString();
  }
}
