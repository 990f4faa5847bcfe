package org.fmnist.train;

import java.util.Locale;

/**
 * Keras's {@code CosineDecay(initial_learning_rate=0, warmup_target=peak, warmup_steps, decay_steps,
 * alpha=0)}: the rate rises linearly from 0 at step 0 to {@code peak} at step {@code warmupSteps},
 * then follows half a cosine down to 0 at step {@code warmupSteps + decaySteps} and stays there.
 * With {@code decaySteps} 0 it holds {@code peak} after the warm-up.
 */
public record WarmupCosineDecay(double peak, long warmupSteps, long decaySteps)
    implements LearningRateSchedule {

  public WarmupCosineDecay {
    if (!(peak > 0) || warmupSteps < 0 || decaySteps < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, 
              "a warm-up/cosine schedule needs a peak rate > 0 and step counts >= 0, not %s, %d, %d",
              peak, warmupSteps, decaySteps));
    }
  }

  @Override
  public double at(long step) {
    if (step < warmupSteps) {
      return peak * step / warmupSteps;
    }
    if (decaySteps == 0) {
      return peak;
    }
    double progress = Math.min(step - warmupSteps, decaySteps) / (double) decaySteps;
    return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
