package org.fmnist.serving.rest;

import static org.fmnist.serving.rest.RestClient.imageJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fmnist.serving.FashionTestImages;
import org.fmnist.serving.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and careless clients: slow ones, idle ones, too many, oversized and malformed requests. */
class HttpHardeningTest {
  static final String PREDICT = "/v1/models/fashion:predict";
  @TempDir static Path base;
  static FashionTestImages images;
  static String body;
  static final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void export() {
    images = FashionTestImages.load();
    TestModels.exportStandard(base.resolve("fashion/1"), 0.2f);
    body = "{\"instances\": [" + imageJson(images.floats(0), true) + "]}";
  }

  @AfterAll
  static void noInternalErrors() {
    assertTrue(log.stream().noneMatch(line -> line.contains("internal error")), log.toString());
  }

  static ModelServer start(HttpLimits limits, int threads) {
    ServerConfig config = ServerConfig.builder(base).port(0).pollInterval(Duration.ofSeconds(60)).maxBodyBytes(64 << 10).threads(threads).httpLimits(limits).build();
    return ModelServer.start(config, log::add);
  }

  @Test
  void sixteenSlowClientsDoNotHoldUpAnotherClientsRequests() throws Exception {
    // Two workers, as the JDK server had on two cores: there, four such clients froze it.
    try (ModelServer server = start(new HttpLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), 100), 2)) {
      ExecutorService slow = Executors.newFixedThreadPool(16);
      CountDownLatch done = new CountDownLatch(1);
      CountDownLatch connected = new CountDownLatch(16);
      List<Future<String>> slowClients = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        boolean trickleHeaders = i % 2 == 0;
        slowClients.add(slow.submit(() -> slowClient(server.port(), trickleHeaders, connected, done)));
      }
      assertTrue(connected.await(30, TimeUnit.SECONDS));
      RestClient client = new RestClient(server.port());
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        RestClient.Response response = client.post(PREDICT, body);
        assertEquals(200, response.status(), response.body());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      done.countDown();
      for (Future<String> slowClient : slowClients) {
        // each was still connected and unanswered when the fast client had finished
        assertEquals("still waiting", slowClient.get(60, TimeUnit.SECONDS));
      }
      slow.shutdown();
      // The slow clients go on for up to 40 s; the 50 requests take well under a second unloaded.
      assertTrue(seconds < 20, "50 requests took " + seconds + " s beside 16 slow clients");
    }
  }

  /** Sends a request a few bytes at a time until {@code done}, then reports whether it was still unanswered. */
  private static String slowClient(int port, boolean trickleHeaders, CountDownLatch connected, CountDownLatch done) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(50);
      OutputStream out = socket.getOutputStream();
      String request =
          trickleHeaders
              ? "POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\n" + "X-Padding: slow\r\n".repeat(1000)
              : "POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"instances\": [";
      connected.countDown();
      int sent = 0;
      long deadline = System.currentTimeMillis() + 40_000;
      while (!done.await(100, TimeUnit.MILLISECONDS) && System.currentTimeMillis() < deadline) {
        if (sent < request.length()) {
          int n = trickleHeaders ? 1 : request.length();
          out.write(request.substring(sent, Math.min(request.length(), sent + n)).getBytes(StandardCharsets.US_ASCII));
          out.flush();
          sent += n;
        }
      }
      try {
        int b = socket.getInputStream().read();
        return b < 0 ? "closed" : "answered";
      } catch (SocketTimeoutException e) {
        return "still waiting";
      }
    }
  }

  @Test
  void slowHeadersAndShortBodiesGet408AndTheConnectionCloses() throws Exception {
    try (ModelServer server = start(new HttpLimits(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(60), 100), 2)) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.getOutputStream().write("POST /v1/models/fashion:pre".getBytes(StandardCharsets.US_ASCII));
        Reply reply = Reply.read(socket);
        assertEquals(408, reply.status());
        assertTrue(reply.body().contains("\"Request headers not received within 500 ms\""), reply.body());
        assertEquals(-1, socket.getInputStream().read());
      }
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.getOutputStream().write(("POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"inst").getBytes(StandardCharsets.US_ASCII));
        Reply reply = Reply.read(socket);
        assertEquals(408, reply.status());
        assertTrue(reply.body().contains("\"Request body not received within 500 ms\""), reply.body());
        assertEquals(-1, socket.getInputStream().read());
      }
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (ModelServer server = start(new HttpLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(300), 100), 2);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("GET /v1/models/fashion HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(200, Reply.read(socket).status());
      long start = System.nanoTime();
      assertEquals(-1, socket.getInputStream().read(), "the server closes the idle connection");
      assertTrue((System.nanoTime() - start) / 1e9 < 20);
    }
  }

  @Test
  void connectionsOverTheLimitAreClosedAndTheOthersServed() throws Exception {
    try (ModelServer server = start(new HttpLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), 2), 2);
        Socket first = new Socket("127.0.0.1", server.port());
        Socket second = new Socket("127.0.0.1", server.port())) {
      try (Socket third = new Socket("127.0.0.1", server.port())) {
        third.setSoTimeout(10_000);
        assertEquals(-1, third.getInputStream().read(), "the connection over the limit is closed");
      }
      first.getOutputStream().write("GET /v1/models/fashion HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(200, Reply.read(first).status());
      assertTrue(log.stream().anyMatch(line -> line.contains("2 connections open (the limit)")), log.toString());
    }
  }

  @Test
  void aClientThatSendsItsWholeOversizedBodyFirstReadsThe413() throws Exception {
    try (ModelServer server = start(HttpLimits.DEFAULTS, 2)) {
      String big = "{\"instances\": [" + imageJson(images.floats(0), true).repeat(20) + "]}"; // ~ 300 KB over 64 KiB
      RawHttp.Reply reply =
          RawHttp.exchange(server.port(), "POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + big.length() + "\r\n\r\n" + big);
      assertEquals(413, reply.status());
      assertEquals("Request body larger than the limit of 65536 bytes", RestClient.JSON.readTree(reply.body()).get("error").asText());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderHeadIsGetWithoutABodyAndHugeHeadersGet431() throws Exception {
    try (ModelServer server = start(HttpLimits.DEFAULTS, 2)) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        String predict = "POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        String status = "GET /v1/models/nope HTTP/1.1\r\nHost: x\r\n\r\n";
        socket.getOutputStream().write((predict + status + predict).getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, Reply.read(socket).status());
        assertEquals(404, Reply.read(socket).status());
        assertTrue(Reply.read(socket).body().contains("\"predictions\""));
      }
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        // HEAD is GET without the body: the next reply on the connection follows at once
        socket.getOutputStream().write("HEAD /v1/models/fashion HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/models/nope HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          head.write(in.read());
        }
        assertTrue(head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 OK"), head.toString(StandardCharsets.ISO_8859_1));
        assertEquals(404, Reply.read(socket).status());
      }
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.getOutputStream().write("GET /v1/models/fashion HTTP/1.1\r\nHost: x\r\nX: " .concat("y".repeat(20_000)).concat("\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        Reply reply = Reply.read(socket);
        assertEquals(431, reply.status());
        assertTrue(reply.body().contains("\"error\""), reply.body());
        assertEquals(-1, socket.getInputStream().read());
      }
      assertEquals(200, new RestClient(server.port()).post(PREDICT, body).status());
    }
  }

  /** One HTTP reply read from a socket: status line, headers, Content-Length body. */
  record Reply(int status, String body) {
    static Reply read(Socket socket) throws IOException {
      socket.setSoTimeout(30_000);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed in the reply's head: " + head);
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return new Reply(Integer.parseInt(text.split(" ", 3)[1]), new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
  }
}
