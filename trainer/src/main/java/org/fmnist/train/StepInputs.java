package org.fmnist.train;

import java.util.SplittableRandom;
import org.fmnist.data.LabeledImages;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The fed tensors of a training step for one batch size, allocated once and refilled in place:
 * the batch's images are copied straight from the dataset into native memory, with no per-step
 * allocation. With an augmentation, each image passes through a reused scratch array on its way:
 * its draws come from the generator of (seed, step). Close it to free the tensors.
 */
final class StepInputs implements AutoCloseable {
  final int count;
  final TUint8 images;
  final TUint8 labels;
  final TInt64 seed;
  final TFloat32 learningRate;
  private final ByteDataBuffer pixelData;
  private final ByteDataBuffer labelData;
  private final Augmentation augmentation;
  private final byte[] scratch = new byte[LabeledImages.PIXELS];

  StepInputs(int count, Augmentation augmentation) {
    this.count = count;
    this.augmentation = augmentation;
    images = TUint8.tensorOf(Shape.of(count, LabeledImages.ROWS, LabeledImages.COLS, 1));
    labels = TUint8.tensorOf(Shape.of(count));
    seed = TInt64.tensorOf(Shape.of(2));
    learningRate = TFloat32.tensorOf(Shape.scalar());
    pixelData = images.asRawTensor().data();
    labelData = labels.asRawTensor().data();
  }

  /** Images {@code data[order[from]]} ... {@code data[order[from + count - 1]]} and the scalars. */
  void fill(LabeledImages data, int[] order, int from, long seedValue, long step, float rate) {
    int p = LabeledImages.PIXELS;
    byte[] pixels = data.pixelBytes();
    byte[] labelBytes = data.labelBytes();
    SplittableRandom random = augmentation.isNone() ? null : Augmentation.random(seedValue, step);
    for (int i = 0; i < count; i++) {
      int index = order[from + i];
      if (random == null) {
        pixelData.offset((long) i * p).write(pixels, index * p, p);
      } else {
        Augmentation.apply(augmentation.draw(random), pixels, index * p, scratch);
        pixelData.offset((long) i * p).write(scratch, 0, p);
      }
      labelData.setByte(labelBytes[index], i);
    }
    seed.setLong(seedValue, 0);
    seed.setLong(step, 1);
    learningRate.setFloat(rate);
  }

  @Override
  public void close() {
    images.close();
    labels.close();
    seed.close();
    learningRate.close();
  }
}
