package org.fmnist.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fmnist.serving.ClientThreads;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.ImageClassifier;
import org.fmnist.serving.Prediction;
import org.fmnist.serving.TestModels;
import org.fmnist.serving.batching.BatchingParameters;
import org.fmnist.serving.grpc.tfserving.GetModelStatusRequest;
import org.fmnist.serving.grpc.tfserving.PredictRequest;
import org.fmnist.serving.grpc.tfserving.PredictResponse;
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
      ClientThreads.await(() -> fromV1.get() >= 40, "clients running on version 1", running);
      Files.move(staging.resolve("v2"), base.resolve("fashion/2"), StandardCopyOption.ATOMIC_MOVE);
      ClientThreads.await(() -> fromV2.get() >= 40, "clients served by version 2", running);
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
    PredictRequest request = GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(batch, true));
    try (ImageClassifier reference = ImageClassifier.load(base.resolve("fashion/1"));
        GrpcClient client = new GrpcClient(server.grpcPort().orElseThrow())) {
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
                      client.call(TfServingMethods.PREDICT, request);
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
      ClientThreads.await(() -> done.get() >= 8, "clients running", running);

      // A call the server has taken but not yet run: its request is sent, its half-close held back.
      HeldCall held = new HeldCall(client, request);
      client.call(TfServingMethods.GET_MODEL_STATUS, GetModelStatusRequest.newBuilder().setModelSpec(GrpcClient.spec("fashion")).build());
      ExecutorService closer = Executors.newSingleThreadExecutor();
      Future<?> closing = closer.submit(server::close);
      // The server waits at most 10 s for running calls: the held call is finished as soon as a new
      // call is refused (the load clients' own refusals may take longer on a busy machine).
      ClientThreads.await(() -> refusedUnavailable(client), "a new call refused UNAVAILABLE", List.of(closing));
      assertTrue(!closing.isDone(), "the server stopped with a call running");
      PredictResponse answer = held.finish();
      List<Prediction> expected = reference.predictBatch(batch);
      for (int i = 0; i < batch.length; i++) {
        assertEquals(expected.get(i).classId(), answer.getOutputsOrThrow("class_id").getInt64Val(i));
      }
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
      closing.get(120, TimeUnit.SECONDS);
      closer.shutdown();
      clients.shutdown();
    }
    assertEquals(Set.of(Status.Code.OK, Status.Code.UNAVAILABLE), outcomes.keySet(), outcomes.toString());
    List<String> lines = List.copyOf(log);
    assertEquals("fmnist serve: stopped", lines.get(lines.size() - 1));
    assertTrue(lines.stream().noneMatch(line -> line.contains("\"GRPC /") && !line.contains(" OK ") && !line.contains(" UNAVAILABLE ")), String.join("\n", lines));
  }

  @Test
  void predictGoesThroughTheServersBatcherAsRestDoes(@TempDir Path base) throws Exception {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    BatchingParameters batching =
        new BatchingParameters(8, 1000, BatchingParameters.DEFAULT_MAX_ENQUEUED_BATCHES, 1, List.of());
    ServerConfig config =
        ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(ServerConfig.DEFAULT_MAX_BODY_BYTES).threads(4).batching(batching).build();
    float[][] nine = new float[9][];
    for (int i = 0; i < nine.length; i++) {
      nine[i] = images.floats(i);
    }
    try (ImageClassifier reference = ImageClassifier.load(base.resolve("fashion/1"));
        ModelServer server = ModelServer.start(config, Optional.of(new GrpcConfig(0, 4 << 20)), log::add);
        GrpcClient client = new GrpcClient(server.grpcPort().orElseThrow())) {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () -> client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(nine, true))));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertEquals("Task size 9 is larger than maximum input batch size 8", e.getStatus().getDescription());
      float[][] two = {nine[0], nine[1]};
      PredictResponse answer = client.call(TfServingMethods.PREDICT, GrpcClient.predict(GrpcClient.spec("fashion"), "image", GrpcClient.images(two, false)));
      TensorProto probabilities = answer.getOutputsOrThrow("probabilities");
      List<Prediction> expected = reference.predictBatch(two);
      for (int i = 0; i < 20; i++) {
        assertEquals(expected.get(i / 10).probabilities()[i % 10], probabilities.getFloatVal(i), 1e-6f);
      }
    }
  }

  /** A Predict call whose request is sent and whose half-close waits for {@link #finish}. */
  private static final class HeldCall {
    private final ClientCall<PredictRequest, PredictResponse> call;
    private final CompletableFuture<PredictResponse> answer = new CompletableFuture<>();

    HeldCall(GrpcClient client, PredictRequest request) {
      call = client.channel().newCall(TfServingMethods.PREDICT, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
      call.start(
          new ClientCall.Listener<>() {
            private PredictResponse response;

            @Override
            public void onMessage(PredictResponse message) {
              response = message;
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              if (status.isOk()) {
                answer.complete(response);
              } else {
                answer.completeExceptionally(status.asRuntimeException());
              }
            }
          },
          new Metadata());
      call.request(1);
      call.sendMessage(request);
    }

    PredictResponse finish() throws Exception {
      call.halfClose();
      return answer.get(60, TimeUnit.SECONDS);
    }
  }

  /** True when a new call is refused as a draining server refuses it; false while calls still get through. */
  private static boolean refusedUnavailable(GrpcClient client) {
    try {
      client.call(TfServingMethods.GET_MODEL_STATUS, GetModelStatusRequest.newBuilder().setModelSpec(GrpcClient.spec("fashion")).build());
      return false;
    } catch (StatusRuntimeException e) {
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
      assertEquals("fmnist serve is shutting down", e.getStatus().getDescription());
      return true;
    }
  }

  private ModelServer start(Path base, Duration poll) {
    ServerConfig config = ServerConfig.builder(base).port(0).pollInterval(poll).maxBodyBytes(ServerConfig.DEFAULT_MAX_BODY_BYTES).threads(4).build();
    return ModelServer.start(config, Optional.of(new GrpcConfig(0, 4 << 20)), log::add);
  }
  private static boolean matches(Prediction expected, TensorProto answer) {
    float[] values = new float[answer.getFloatValCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = answer.getFloatVal(i);
    }
    return ClientThreads.matches(expected, values);
  }
}
