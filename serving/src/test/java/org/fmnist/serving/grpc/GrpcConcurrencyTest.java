package org.fmnist.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.rest.ModelServer;
import org.fmnist.serving.rest.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.TensorProto;

/** Many gRPC clients at once: a new version swapped in under them, and a shutdown in the middle. */
class GrpcConcurrencyTest {
  static final int CLIENTS = 4;
  final FashionTestImages images = FashionTestImages.load();
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @Test
  void aNewVersionIsSwappedInUnderRunningClientsWithoutAFailedCall(@TempDir Path base, @TempDir Path staging) throws Exception {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.05f);
    try (ImageClassifier v1 = ImageClassifier.load(base.resolve("fashion/1"));
        ImageClassifier v2 = ImageClassifier.load(TestModels.exportStandard(staging.resolve("v2"), 0.2f));
        ModelServer server = start(base, Duration.ofMillis(100));
        GrpcClient client = new GrpcClient(server.grpcPort().orElseThrow())) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger fromV1 = new AtomicInteger();
      AtomicInteger fromV2 = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int clientId = c;
        running.add(
            clients.submit(
                () -> {
                  boolean seenV2 = false;
                  for (int r = 0; !stop.get(); r++) {
                    float[] image = images.floats((clientId * 500 + r) % images.size());
                    var response = client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(new float[][] {image}, r % 2 == 0)));
                    long version = response.getModelSpec().getVersion().getValue();
                    TensorProto answer = response.getOutputsOrThrow("probabilities");
                    if (version == 2) {
                      assertTrue(matches(v2.predict(image), answer), "version 2's answer");
                      seenV2 = true;
                      fromV2.incrementAndGet();
                    } else {
                      assertEquals(1, version);
                      assertTrue(matches(v1.predict(image), answer), "version 1's answer");
                      assertTrue(!seenV2, "version 1 answered after version 2 had");
                      fromV1.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      await(() -> fromV1.get() >= 40, "clients running on version 1", running);
      Files.move(staging.resolve("v2"), base.resolve("fashion/2"), StandardCopyOption.ATOMIC_MOVE);
      await(() -> fromV2.get() >= 40, "clients served by version 2", running);
      stop.set(true);
      for (Future<?> f : running) {
        f.get();
      }
      clients.shutdown();
      assertTrue(log.stream().noneMatch(line -> line.contains("\"GRPC /") && !line.contains(" OK ")), String.join("\n", log));
    }
  }

  @Test
  void aShutdownUnderLoadFinishesRunningCallsAndRefusesNewOnesUnavailable(@TempDir Path base) throws Exception {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    ModelServer server = start(base, Duration.ofSeconds(60));
    Map<Status.Code, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    float[][] batch = new float[64][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = images.floats(i);
    }
    try (GrpcClient client = new GrpcClient(server.grpcPort().orElseThrow())) {
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      AtomicInteger done = new AtomicInteger();
      for (int c = 0; c < CLIENTS; c++) {
        running.add(
            clients.submit(
                () -> {
                  Status.Code code = Status.Code.OK;
                  while (code != Status.Code.UNAVAILABLE) {
                    try {
                      client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(batch, true)));
                      code = Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                      code = e.getStatus().getCode();
                    }
                    outcomes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    done.incrementAndGet();
                  }
                  return null;
                }));
      }
      await(() -> done.get() >= 20, "clients running", running);
      server.close();
      for (Future<?> f : running) {
        f.get();
      }
      clients.shutdown();
    }
    assertEquals(Set.of(Status.Code.OK, Status.Code.UNAVAILABLE), outcomes.keySet(), outcomes.toString());
    List<String> lines = List.copyOf(log);
    assertEquals("fmnist serve: stopped", lines.get(lines.size() - 1));
    // calls running when the shutdown began were answered before the models closed
    List<String> afterShutdown = lines.subList(lines.indexOf("fmnist serve: shutting down"), lines.size());
    assertTrue(afterShutdown.stream().anyMatch(line -> line.contains("Predict\" OK ")), String.join("\n", lines));
    assertTrue(lines.stream().noneMatch(line -> line.contains("\"GRPC /") && !line.contains(" OK ") && !line.contains(" UNAVAILABLE ")), String.join("\n", lines));
  }

  private ModelServer start(Path base, Duration poll) {
    ServerConfig config = new ServerConfig(base, Optional.empty(), "127.0.0.1", 0, poll, ServerConfig.DEFAULT_MAX_BODY_BYTES, 4);
    return ModelServer.start(config, Optional.of(new GrpcConfig(0, 4 << 20)), log::add);
  }

  private static boolean matches(Prediction expected, TensorProto answer) {
    float[] p = expected.probabilities();
    for (int c = 0; c < p.length; c++) {
      if (Math.abs(p[c] - answer.getFloatVal(c)) > 1e-6f) {
        return false;
      }
    }
    return true;
  }

  private static void await(BooleanSupplier condition, String what, List<? extends Future<?>> clients) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      for (Future<?> client : clients) {
        if (client.isDone()) {
          client.get();
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
