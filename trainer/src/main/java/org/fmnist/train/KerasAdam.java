package org.fmnist.train;

import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Adam with Keras's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7; tensorflow-framework's Adam
 * uses 1e-8) and a learning rate fed at each step, so that schedules need no graph rebuild. Apply
 * it to an explicit gradient list ({@link #applyGradients}): {@code minimize} would also train
 * non-trainable state such as BatchNormalization's moving statistics. The beta powers advance
 * only after every variable update has read them. A {@code weightDecay} λ > 0 is Keras 3's decoupled
 * weight decay (AdamW): each variable first becomes w - lr·λ·w, then takes its Adam update.
 */
public final class KerasAdam extends Optimizer {
  public static final float BETA_1 = 0.9f;
  public static final float BETA_2 = 0.999f;
  public static final float EPSILON = 1e-7f;

  private final Operand<TFloat32> learningRate;
  private final float weightDecay;
  private Variable<TFloat32> beta1Power;
  private Variable<TFloat32> beta2Power;

  public KerasAdam(Graph graph, Operand<TFloat32> learningRate) {
    this(graph, learningRate, 0);
  }

  public KerasAdam(Graph graph, Operand<TFloat32> learningRate, float weightDecay) {
    super(graph, "Adam");
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  @Override
  public String getOptimizerName() {
    return "Adam";
  }

  @Override
  protected void createSlots(List<Output<? extends TType>> variables) {
    for (Output<? extends TType> v : variables) {
      createSlot(v, "m");
      createSlot(v, "v");
    }
    beta1Power = powerVariable("Adam_beta1_power", BETA_1);
    beta2Power = powerVariable("Adam_beta2_power", BETA_2);
  }

  private <T extends TType> void createSlot(Output<T> variable, String slot) {
    Ops init = tf.withInitScope();
    createSlot(
        variable, slot, init.fill(init.shape(variable), init.dtypes.cast(init.constant(0f), variable.type())));
  }

  private Variable<TFloat32> powerVariable(String name, float beta) {
    return tf.withInitScope().withName(name).variable(tf.withInitScope().constant(beta));
  }

  @Override
  protected Optional<Op> prepare(String scopeName) {
    return Optional.empty();
  }

  @Override
  protected <T extends TType> Op applyDense(Ops deps, Output<T> gradient, Output<T> variable) {
    Ops update = weightDecay > 0 ? deps.withControlDependencies(List.of(decay(deps, variable))) : deps;
    return update.train.applyAdam(
        variable,
        getSlot(variable, "m").orElseThrow(),
        getSlot(variable, "v").orElseThrow(),
        deps.dtypes.cast(beta1Power, gradient.type()),
        deps.dtypes.cast(beta2Power, gradient.type()),
        deps.dtypes.cast(learningRate, gradient.type()),
        deps.dtypes.cast(deps.constant(BETA_1), gradient.type()),
        deps.dtypes.cast(deps.constant(BETA_2), gradient.type()),
        deps.dtypes.cast(deps.constant(EPSILON), gradient.type()),
        gradient,
        ApplyAdam.useLocking(true));
  }

  /** w -= lr·λ·w, Keras 3's {@code _apply_weight_decay}. */
  private <T extends TType> Op decay(Ops tf, Output<T> variable) {
    Operand<T> factor =
        tf.math.mul(tf.dtypes.cast(learningRate, variable.type()), tf.dtypes.cast(tf.constant(weightDecay), variable.type()));
    return tf.assignSub(variable, tf.math.mul(variable, factor));
  }

  @Override
  protected Op finish(List<Op> updateOperations, String name) {
    Ops after = tf.withControlDependencies(updateOperations);
    Op advance1 = after.assign(beta1Power, after.math.mul(beta1Power, after.constant(BETA_1)));
    Op advance2 = after.assign(beta2Power, after.math.mul(beta2Power, after.constant(BETA_2)));
    return super.finish(List.of(advance1, advance2), name);
  }
}
