package org.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  private static final Pattern LISTENING = Pattern.compile(".*listening on http://127\\.0\\.0\\.1:(\\d+)/v1/models/fashion$");

  @Test
  void servesUntilSigtermThenShutsDownCleanly(@TempDir Path base) throws Exception {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    ProcessBuilder command =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Fmnist.class.getName(),
            "serve",
            "--model-base-path",
            base.toString(),
            "--port",
            "0",
            "--grpc-port",
            "0");
    command.environment().put(NativeLogLevel.VARIABLE, "2");
    Process server = command.start();
    List<String> stderr = new ArrayList<>();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
      int port = -1;
      while (port < 0) {
        String line = err.readLine();
        if (line == null) {
          break;
        }
        stderr.add(line);
        Matcher m = LISTENING.matcher(line);
        if (m.matches()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertTrue(port > 0, "no listening line in " + stderr);
      HttpResponse<String> status =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/fashion")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, status.statusCode());
      assertTrue(status.body().contains("\"AVAILABLE\""), status.body());

      server.toHandle().destroy(); // SIGTERM, leaving our end of its stderr open
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
      err.lines().forEach(stderr::add);
    }
    assertEquals(0, server.exitValue(), String.join("\n", stderr));
    assertTrue(stderr.stream().anyMatch(line -> line.contains("\"GET /v1/models/fashion\" 200 ")), stderr.toString());
    assertTrue(stderr.stream().anyMatch(line -> line.matches("fmnist serve: gRPC .* on 127\\.0\\.0\\.1:\\d+")), stderr.toString());
    // The access-log line is written after its answer is sent, so it may follow "shutting down".
    int shuttingDown = stderr.indexOf("fmnist serve: shutting down");
    assertTrue(shuttingDown >= 0, String.join("\n", stderr));
    assertEquals("fmnist serve: stopped", stderr.get(stderr.size() - 1));
    assertTrue(shuttingDown < stderr.size() - 1, String.join("\n", stderr));
  }

  @Test
  void aMissingBasePathOrABusyRestOrGrpcPortIsAOneLineError(@TempDir Path base) throws Exception {
    CliRun missing = CliRun.of("serve", "--model-base-path", base.resolve("none").toString());
    assertEquals(1, missing.exitCode());
    assertEquals("fmnist: error: " + base.resolve("none") + ": no such model base path\n", missing.err());

    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun taken = CliRun.of("serve", "--model-base-path", base.toString(), "--port", Integer.toString(busy.getLocalPort()));
      assertEquals(1, taken.exitCode());
      assertTrue(taken.err().endsWith("fmnist: error: cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": Address already in use\n"), taken.err());
      CliRun grpcTaken =
          CliRun.of("serve", "--model-base-path", base.toString(), "--port", "0", "--grpc-port", Integer.toString(busy.getLocalPort()));
      assertEquals(1, grpcTaken.exitCode());
      assertTrue(grpcTaken.err().endsWith("fmnist: error: cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": Address already in use\n"), grpcTaken.err());
    }
  }

  @Test
  void aNegativeIntraOpThreadCountIsAUsageError(@TempDir Path base) {
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    CliRun bad = CliRun.of("serve", "--model-base-path", base.toString(), "--tensorflow-intra-op-parallelism", "-1");
    assertEquals(2, bad.exitCode());
    assertEquals("fmnist: error: TensorFlow's intra-op threads must be 0 (one per core) or more, got -1\n", bad.err());
  }
}
