package org.fmnist.model;

import java.util.Locale;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * The number type a training pass computes in. {@code BF16} keeps float32 master weights, optimizer
 * state and BatchNormalization math, and casts the input and the weights to bfloat16 before every
 * Conv2D and MatMul; the logits come back as float32 before the loss. oneDNN then runs the
 * convolutions and matrix products (forward and backward) on the CPU's bf16 instructions (AMX or
 * AVX512-BF16); a GPU build uses the GPU's bf16 kernels.
 */
public enum Precision {
  FP32(TFloat32.class),
  BF16(TBfloat16.class);

  private final Class<? extends TFloating> computeType;

  Precision(Class<? extends TFloating> computeType) {
    this.computeType = computeType;
  }

  public Class<? extends TFloating> computeType() {
    return computeType;
  }

  /** The option value: {@code fp32} or {@code bf16}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
