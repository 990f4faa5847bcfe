package org.fmnist.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 serving byte arrays by path; unknown paths get 404. A file can be
 * marked truncated: its Content-Length is announced but the connection closes half-way through.
 */
final class LocalHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Set<String> truncated = ConcurrentHashMap.newKeySet();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  LocalHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code content} at "/{@code name}". */
  LocalHttpServer serve(String name, byte[] content) {
    files.put("/" + name, content);
    truncated.remove("/" + name);
    return this;
  }

  /** Serves the first half of {@code content} at "/{@code name}", then drops the connection. */
  LocalHttpServer serveTruncated(String name, byte[] content) {
    serve(name, content);
    truncated.add("/" + name);
    return this;
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The paths requested so far. */
  List<String> requests() {
    return requests;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(path);
    byte[] content = files.get(path);
    if (content == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(200, content.length);
    OutputStream body = exchange.getResponseBody();
    if (truncated.contains(path)) {
      body.write(content, 0, content.length / 2);
      body.flush();
    } else {
      body.write(content);
    }
    // Closing an exchange short of its Content-Length makes the server drop the connection.
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
