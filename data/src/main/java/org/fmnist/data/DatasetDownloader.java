package org.fmnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.fmnist.io.AtomicFiles;

/**
 * Downloads the four gzipped IDX files of the official release into a folder. Each file goes to
 * "name.gz.part" first and is renamed into place only once its length and decompressed checksum
 * are right, so the final name never holds a partial or corrupt file.
 */
public final class DatasetDownloader {
  public static final URI OFFICIAL_BASE_URI =
      URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  private static final int BUFFER_SIZE = 1 << 16;

  private final URI baseUri;
  private final ExpectedChecksums expected;
  private final PrintStream terminal;

  /** Downloads the official files, with a progress bar on stderr when it is a terminal. */
  public DatasetDownloader() {
    this(
        OFFICIAL_BASE_URI,
        ExpectedChecksums.official(),
        System.console() != null ? System.err : null);
  }

  /**
   * @param baseUri the folder URI the four "name.gz" files are resolved against
   * @param terminal where to draw progress bars, or null to report progress as log lines
   */
  public DatasetDownloader(URI baseUri, ExpectedChecksums expected, PrintStream terminal) {
    this.baseUri = baseUri;
    this.expected = expected;
    this.terminal = terminal;
  }

  /** Brings the four files into {@code targetDir}, skipping those already present and valid. */
  public void download(Path targetDir, Consumer<String> log) {
    try {
      Files.createDirectories(targetDir);
    } catch (IOException e) {
      throw new DataException("cannot create " + targetDir + ": " + reason(e), e);
    }
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    for (String name : DatasetFiles.IDX_NAMES) {
      fetch(client, targetDir, name, log);
    }
  }

  private void fetch(HttpClient client, Path targetDir, String name, Consumer<String> log) {
    Optional<Path> existing = DatasetFiles.findFile(targetDir, name);
    if (existing.isPresent()) {
      if (isValid(existing.get(), name)) {
        log.accept(existing.get() + " is already present and valid");
        return;
      }
      log.accept(existing.get() + " is corrupt, downloading it again");
    }
    String fileName = name + ".gz";
    URI uri = baseUri.resolve(fileName);
    Path target = targetDir.resolve(fileName);
    Path part = targetDir.resolve(fileName + ".part");
    log.accept("Downloading " + uri);
    try {
      transfer(client, uri, part, fileName, log);
      verify(uri, part, name);
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(part);
      throw new DataException("cannot save " + target + ": " + reason(e), e);
    } catch (RuntimeException e) {
      AtomicFiles.deleteQuietly(part);
      throw e;
    }
    // A corrupt plain copy would otherwise still be preferred over the fresh gzipped one.
    existing.filter(file -> !file.equals(target)).ifPresent(AtomicFiles::deleteQuietly);
    log.accept("Saved " + target);
  }

  private boolean isValid(Path file, String name) {
    try {
      return expected.matches(name, DecompressedFile.sha256Of(file));
    } catch (IOException e) {
      return false;
    }
  }

  private void transfer(
      HttpClient client, URI uri, Path part, String fileName, Consumer<String> log)
      throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new DataException("cannot download " + uri + ": " + connectionFailure(uri, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("download of " + uri + " interrupted", e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new DataException("cannot download " + uri + ": HTTP " + response.statusCode());
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      DownloadProgress progress = new DownloadProgress(fileName, length, terminal, log);
      long received = copy(body, part, uri, length, progress);
      if (length >= 0 && received != length) {
        throw new DataException(
            String.format(Locale.ROOT, 
                "download of %s truncated: got %d of %d bytes; nothing was saved",
                uri, received, length));
      }
    }
  }

  private static long copy(
      InputStream body, Path part, URI uri, long length, DownloadProgress progress)
      throws IOException {
    long received = 0;
    try (OutputStream out = Files.newOutputStream(part)) {
      byte[] buffer = new byte[BUFFER_SIZE];
      int n;
      while ((n = readBody(body, buffer, uri, received, length)) > 0) {
        out.write(buffer, 0, n);
        received += n;
        progress.update(received);
      }
    }
    progress.finish(received);
    return received;
  }

  /** Reads from the response, turning a dropped connection into a clear error. */
  private static int readBody(
      InputStream body, byte[] buffer, URI uri, long received, long length) {
    try {
      return body.read(buffer);
    } catch (IOException e) {
      throw new DataException(
          String.format(Locale.ROOT, 
              "download of %s failed after %d of %s bytes (%s); nothing was saved",
              uri, received, length >= 0 ? Long.toString(length) : "?", reason(e)),
          e);
    }
  }

  private void verify(URI uri, Path part, String name) {
    String sha256;
    try {
      sha256 = DecompressedFile.sha256Of(part);
    } catch (IOException e) {
      throw new DataException(
          "download of " + uri + " is not valid gzip data (" + reason(e) + "); nothing was saved",
          e);
    }
    if (!expected.matches(name, sha256)) {
      throw new DataException(
          String.format(Locale.ROOT, 
              "checksum mismatch for %s: got %s, expected %s (transfer corrupted or not"
                  + " Fashion-MNIST); nothing was saved",
              uri, sha256, expected.of(name)));
    }
  }



  /** Java 17's HttpClient reports connection failures with exceptions that have no message. */
  private static String connectionFailure(URI uri, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return "unknown host " + uri.getHost();
      }
    }
    if (e instanceof ConnectException) {
      return "cannot connect to " + uri.getAuthority() + " (refused or unreachable)";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer from " + uri.getAuthority() + " (timed out)";
    }
    return reason(e);
  }

  /**
   * The message of the innermost cause that has one, else the innermost cause's type: HttpClient
   * wraps the telling exception ("Connection refused", UnresolvedAddressException) in vaguer ones.
   */
  private static String reason(Throwable e) {
    String message = null;
    Throwable innermost = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      innermost = t;
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message != null ? message : innermost.getClass().getSimpleName();
  }
}
