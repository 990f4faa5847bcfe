package org.fmnist.serving.batching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fmnist.serving.HostTensor;

/**
 * What requests must share to be stacked into one run: the signature, the outputs asked for, and
 * each input's name, dtype and shape past the first dimension.
 */
record BatchQueueKey(String signature, List<String> outputs, List<String> inputs) {
  static BatchQueueKey of(String signature, List<String> outputs, Map<String, HostTensor> feeds) {
    List<String> inputs = new ArrayList<>();
    feeds.forEach(
        (name, tensor) -> {
          long[] shape = tensor.shape();
          inputs.add(name + " " + tensor.dtype() + " " + Arrays.toString(Arrays.copyOfRange(shape, 1, shape.length)));
        });
    return new BatchQueueKey(signature, List.copyOf(outputs), List.copyOf(inputs));
  }
}
