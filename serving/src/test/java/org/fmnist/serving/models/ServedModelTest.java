package org.fmnist.serving.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.fmnist.serving.AtomicFolder;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedModelTest {
  final float[] image = FashionTestImages.load().floats(0);
  final List<String> log = new ArrayList<>();

  @Test
  void aSwappedOutVersionKeepsServingTheRequestsHoldingItAndClosesAfterTheLast(@TempDir Path dir) {
    ServedModel model = servingVersion1(dir, 0.05f);
    LoadedVersion.Lease running = model.lease(OptionalLong.empty());
    assertEquals(1, running.version());

    TestModels.exportStandard(dir.resolve("2"), 0.2f);
    model.refresh(log::add);
    assertEquals(2, servedVersion(model));
    // unloading while a request holds it; END once that request is done
    assertEquals(VersionStatus.of(1, VersionStatus.State.UNLOADING), model.statuses(OptionalLong.of(1)).get(0));

    // the request that took version 1 before the swap still gets version 1's answer
    assertArrayEquals(
        TestModels.referenceProbabilities(image, 0.05f), running.classifier().predict(image).probabilities(), 1e-5f);
    running.close();
    assertEquals(VersionStatus.of(1, VersionStatus.State.END), model.statuses(OptionalLong.of(1)).get(0));
    Exception closed = assertThrows(IllegalStateException.class, () -> running.classifier().predict(image));
    assertTrue(closed.getMessage().endsWith("the model is closed"), closed.getMessage());

    ApiException gone = assertThrows(ApiException.class, () -> model.lease(OptionalLong.of(1)));
    assertEquals(404, gone.status());
    assertEquals("Servable not found for request: Specific(fashion, 1)", gone.getMessage());
    model.close();
  }

  @Test
  void closingTheModelWaitsForTheRequestsInProgress(@TempDir Path dir) {
    ServedModel model = servingVersion1(dir, 0.2f);
    LoadedVersion.Lease running = model.lease(OptionalLong.empty());
    model.close();
    assertEquals(10, running.classifier().predict(image).probabilities().length);
    running.close();
    assertThrows(IllegalStateException.class, () -> running.classifier().predict(image));
    assertEquals(404, assertThrows(ApiException.class, () -> model.lease(OptionalLong.empty())).status());
  }

  @Test
  void anIncompleteVersionIsNotLoadedAndABrokenOneIsTriedAgainOnlyWhenItChanges(@TempDir Path dir) throws Exception {
    Path copying = Files.createDirectories(dir.resolve("2/variables"));
    Files.writeString(dir.resolve("2/saved_model.pb"), "half");
    ServedModel model = servingVersion1(dir, 0.2f);
    assertEquals(1, servedVersion(model));
    assertEquals(List.of(VersionStatus.of(1, VersionStatus.State.AVAILABLE)), model.statuses(OptionalLong.empty()));
    assertTrue(log.stream().noneMatch(line -> line.contains("version 2")), log.toString());

    Files.writeString(copying.resolve("variables.index"), "");
    model.refresh(log::add);
    model.refresh(log::add);
    assertEquals(1, servedVersion(model));
    VersionStatus failed = model.statuses(OptionalLong.of(2)).get(0);
    assertEquals(VersionStatus.State.END, failed.state());
    assertEquals("UNKNOWN", failed.errorCode());
    assertTrue(failed.errorMessage().startsWith("cannot load SavedModel " + dir.resolve("2")), failed.errorMessage());
    assertEquals(1, log.stream().filter(line -> line.contains("version 2 failed to load, still serving version 1")).count(), log.toString());

    AtomicFolder.replace(TestModels.exportStandard(dir.resolve("staging"), 0.05f), dir.resolve("2"));
    model.refresh(log::add);
    assertEquals(2, servedVersion(model));
    model.close();
  }

  @Test
  void labelsPointAtServedVersions(@TempDir Path dir) {
    TestModels.exportStandard(dir.resolve("1"), 0.05f);
    TestModels.exportStandard(dir.resolve("2"), 0.2f);
    try (ServedModel model = new ServedModel("fashion", dir, VersionLoader.TENSORFLOW, new VersionPolicy.All(), Map.of("stable", 1L, "canary", 2L))) {
      model.refresh(log::add);
      try (LoadedVersion.Lease stable = model.lease(OptionalLong.empty(), Optional.of("stable"));
          LoadedVersion.Lease canary = model.lease(OptionalLong.empty(), Optional.of("canary"))) {
        assertEquals(1, stable.version());
        assertEquals(2, canary.version());
      }
      ApiException unknown = assertThrows(ApiException.class, () -> model.lease(OptionalLong.empty(), Optional.of("beta")));
      assertEquals(404, unknown.status());
      assertEquals("Unrecognized servable version label: beta", unknown.getMessage());
    }
  }

  private ServedModel servingVersion1(Path dir, float temperature) {
    TestModels.exportStandard(dir.resolve("1"), temperature);
    ServedModel model = new ServedModel("fashion", dir);
    model.refresh(log::add);
    return model;
  }

  private static long servedVersion(ServedModel model) {
    try (LoadedVersion.Lease lease = model.lease(OptionalLong.empty())) {
      return lease.version();
    }
  }
}
