package org.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fmnist.model.Precision;
import org.junit.jupiter.api.Test;

class RecipeTest {
  private static final String ZEN4 =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n"
          + "bugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16\n";
  private static final String SAPPHIRE_RAPIDS =
      "processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile amx_int8\n";
  private static final String SKYLAKE = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512bw\n";

  @Test
  void readsTheFlagsOfTheFirstProcessor() {
    CpuFeatures cpu = CpuFeatures.parse(ZEN4);
    assertTrue(cpu.flags().contains("avx512f"));
    assertFalse(cpu.flags().contains("sysret_ss_attrs"), "bugs are not flags");
    assertTrue(CpuFeatures.parse("no flags line\n").flags().isEmpty());
  }

  @Test
  void nativeBf16MeansAmxOrAvx512Bf16() {
    assertTrue(CpuFeatures.parse(ZEN4).nativeBf16());
    assertTrue(CpuFeatures.parse(SAPPHIRE_RAPIDS).nativeBf16());
    assertFalse(CpuFeatures.parse(SKYLAKE).nativeBf16());
  }

  @Test
  void fastPicksBf16OnlyOnACpuWithNativeBf16() {
    assertEquals(Precision.BF16, Recipe.FAST.defaults(CpuFeatures.parse(ZEN4), Device.CPU).precision());
    assertEquals(Precision.FP32, Recipe.FAST.defaults(CpuFeatures.parse(SKYLAKE), Device.CPU).precision());
    assertEquals(Precision.FP32, Recipe.FAST.defaults(CpuFeatures.parse(ZEN4), Device.GPU).precision());
  }

  @Test
  void standardIsKerasAndFastUsesALargerBatchRateAndDecay() {
    Recipe.Defaults standard = Recipe.STANDARD.defaults(CpuFeatures.parse(ZEN4), Device.CPU);
    assertEquals(
        new Recipe.Defaults("cnn", 10, 32, 1e-3, 0, false, 0.1, Precision.FP32, Regularization.NONE), standard);
    Recipe.Defaults fast = Recipe.FAST.defaults(CpuFeatures.parse(SKYLAKE), Device.CPU);
    assertTrue(fast.batchSize() > standard.batchSize());
    assertTrue(fast.learningRate() > standard.learningRate());
    assertTrue(fast.cosineDecay());
    assertTrue(fast.warmupEpochs() > 0);
    assertTrue(fast.epochs() < standard.epochs());
    assertEquals(Regularization.NONE, fast.regularization());
    assertEquals("cnn-bn-strided", fast.model());
  }

  @Test
  void theTimedRecipesTrainOnAllImagesWithoutAValidationPass() {
    for (Recipe r : new Recipe[] {Recipe.FAST, Recipe.BALANCED, Recipe.BEST}) {
      Recipe.Defaults d = r.defaults(CpuFeatures.parse(SAPPHIRE_RAPIDS), Device.CPU);
      assertEquals(0, d.validationSplit(), r.optionName());
      assertEquals(Precision.BF16, d.precision(), r.optionName());
      assertTrue(d.cosineDecay() && d.warmupEpochs() > 0, r.optionName());
    }
  }

  @Test
  void balancedTrainsTheBestModelBrieflyWithLabelSmoothingOnly() {
    Recipe.Defaults balanced = Recipe.BALANCED.defaults(CpuFeatures.parse(SKYLAKE), Device.CPU);
    Recipe.Defaults best = Recipe.BEST.defaults(CpuFeatures.parse(SKYLAKE), Device.CPU);
    assertEquals(best.model(), balanced.model());
    assertTrue(balanced.epochs() < best.epochs());
    assertEquals(new Regularization(Augmentation.NONE, 0.1, 0), balanced.regularization());
  }

  @Test
  void bestTrainsTheVggBatchNormNetLongerWithAugmentationSmoothingAndDecay() {
    Recipe.Defaults best = Recipe.BEST.defaults(CpuFeatures.parse(SKYLAKE), Device.CPU);
    assertEquals("vgg-bn", best.model());
    assertEquals(30, best.epochs());
    assertTrue(best.cosineDecay());
    assertEquals(Precision.FP32, best.precision());
    assertEquals(Precision.BF16, Recipe.BEST.defaults(CpuFeatures.parse(SAPPHIRE_RAPIDS), Device.CPU).precision());
    assertEquals(new Regularization(new Augmentation(2, true, 0, 10), 0.1, 0.004), best.regularization());
  }
}
