package org.fmnist.train;

import org.fmnist.errors.BadOptionException;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;

/**
 * Where the graph runs. {@code gpu} pins every op to {@code /GPU:0} (needs the {@code -Pgpu} native
 * build and a visible CUDA device), {@code auto} takes the GPU when one is usable, else the CPU.
 * GPU sessions grow their memory on demand instead of reserving the whole card.
 */
public enum Device {
  CPU,
  GPU,
  AUTO;

  /** The placement to use, checking that a requested GPU is really usable. */
  public Placement resolve(int threads) {
    boolean gpu =
        switch (this) {
          case CPU -> false;
          case GPU -> {
            if (!gpuUsable()) {
              throw new BadOptionException(
                  "{device} gpu: no usable GPU (build with -Pgpu for CUDA kernels and check that"
                      + " the driver sees a device)");
            }
            yield true;
          }
          case AUTO -> gpuUsable();
        };
    return new Placement(gpu, threads);
  }

  /** A resolved device and the session configuration that goes with it. */
  public record Placement(boolean gpu, int threads) {
    /** Set to true, TensorFlow logs the device of every op when a session starts (bench/gpu.sh). */
    public static final String LOG_PLACEMENT_PROPERTY = "fmnist.logDevicePlacement";

    public Ops place(Ops tf) {
      return gpu ? tf.withDevice(gpuSpec()) : tf;
    }

    public ConfigProto sessionConfig() {
      ConfigProto.Builder config =
          ConfigProto.newBuilder()
              .setIntraOpParallelismThreads(threads)
              .setInterOpParallelismThreads(threads)
              .setLogDevicePlacement(Boolean.getBoolean(LOG_PLACEMENT_PROPERTY));
      if (gpu) {
        // Ops without a GPU kernel (e.g. the saver's) fall back to the CPU.
        config.setAllowSoftPlacement(true);
        config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
      }
      return config.build();
    }

    public String describe() {
      return (gpu ? "GPU:0" : "CPU")
          + " (intra-op threads "
          + threads
          + ", inter-op threads "
          + threads
          + ")";
    }
  }

  private static DeviceSpec gpuSpec() {
    return DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build();
  }

  /** Runs one op pinned to the GPU without soft placement: it fails when there is no GPU. */
  static boolean gpuUsable() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(gpuSpec());
      var sum = tf.math.add(tf.constant(1f), tf.constant(1f));
      ConfigProto strict = ConfigProto.newBuilder().setAllowSoftPlacement(false).build();
      try (Session s = new Session(g, strict);
          var result = s.runner().fetch(sum).run()) {
        return ((TFloat32) result.get(0)).getFloat() == 2f;
      }
    } catch (RuntimeException e) {
      return false;
    }
  }
}
