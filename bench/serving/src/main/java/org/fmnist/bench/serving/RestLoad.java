package org.fmnist.bench.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A TensorFlow Serving REST client on loopback: {@code :predict} requests over one kept-alive
 * HTTP/1.1 connection per client, as lean as a load generator such as wrk: each request's bytes
 * are made once, and the client thread writes them and reads the answer on a blocking socket
 * (the JDK's HttpClient, measured first, spent about a third of the machine's CPU on its selector
 * and worker threads, which the server then lacked: the clients share its two cores). Every answer
 * is checked: status 200 and a body of its Content-Length.
 */
final class RestLoad {
  private RestLoad() {}

  /** Client {@code id} cycles through the JSON {@code bodies}, each its own offset. */
  static ConcurrentLoad.Client client(String url, List<String> bodies, int id) {
    URI uri = URI.create(url);
    List<byte[]> requests = bodies.stream().map(body -> request(uri, body)).toList();
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 120_000);
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      Answers answers = new Answers(socket.getInputStream());
      return new ConcurrentLoad.Client() {
        @Override
        public void call(int i) throws IOException {
          out.write(requests.get((id * 7919 + i) % requests.size()));
          out.flush();
          answers.readOk();
        }

        @Override
        public void close() throws IOException {
          socket.close();
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + url + ": " + e.getMessage(), e);
    }
  }

  private static byte[] request(URI uri, String body) {
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    String head =
        String.format(
            Locale.ROOT,
            "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
            uri.getRawPath(), uri.getHost(), uri.getPort(), json.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(json);
    return bytes.toByteArray();
  }

  /** Reads HTTP/1.1 answers from a buffered stream: status line, headers, a Content-Length body. */
  private static final class Answers {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;

    Answers(InputStream in) {
      this.in = in;
    }

    void readOk() throws IOException {
      String status = line();
      long length = -1;
      for (String header = line(); !header.isEmpty(); header = line()) {
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Long.parseLong(header.substring(15).strip());
        }
      }
      if (length < 0) {
        throw new IOException("answer without Content-Length: " + status);
      }
      byte[] body = status.startsWith("HTTP/1.1 200 ") ? null : new byte[(int) length];
      for (long left = length; left > 0; ) {
        fill();
        int n = (int) Math.min(left, end - start);
        if (body != null) {
          System.arraycopy(buffer, start, body, (int) (length - left), n);
        }
        start += n;
        left -= n;
      }
      if (body != null) {
        throw new IllegalStateException(status + ": " + new String(body, StandardCharsets.UTF_8).strip());
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        fill();
        byte b = buffer[start++];
        if (b == '\n') {
          int last = line.length() - 1;
          return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
        }
        line.append((char) b);
      }
    }

    private void fill() throws IOException {
      if (start < end) {
        return;
      }
      start = 0;
      end = in.read(buffer);
      if (end < 0) {
        end = 0;
        throw new IOException("the server closed the connection");
      }
    }
  }
}
