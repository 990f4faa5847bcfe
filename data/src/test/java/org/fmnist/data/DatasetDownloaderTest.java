package org.fmnist.data;

import static org.fmnist.data.DataAssertions.assertContains;
import static org.fmnist.data.DataAssertions.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDownloaderTest {
  private static final Map<String, byte[]> FILES =
      TestData.idxFiles(TestData.images(30, 3), TestData.images(10, 4));
  private static final ExpectedChecksums CHECKSUMS = TestData.checksumsOf(FILES);

  @TempDir Path dir;
  private final LocalHttpServer server = new LocalHttpServer();
  private final List<String> log = new ArrayList<>();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void downloadsAllFilesIntoPlace() throws IOException {
    serveAll();

    downloader().download(dir, log::add);

    for (Map.Entry<String, byte[]> file : FILES.entrySet()) {
      Path saved = dir.resolve(file.getKey() + ".gz");
      assertArrayEquals(TestData.gzip(file.getValue()), Files.readAllBytes(saved));
    }
    assertEquals(List.of(), partFiles());
    assertTrue(log.stream().anyMatch(line -> line.contains("100%")), () -> "no progress: " + log);
  }

  @Test
  void skipsFilesAlreadyPresentAndValid() {
    serveAll();
    byte[] trainImages = FILES.get(DatasetFiles.TRAIN_IMAGES);
    TestData.writeAll(dir, Map.of(DatasetFiles.TRAIN_IMAGES, trainImages), false);

    downloader().download(dir, log::add);

    assertFalse(server.requests().contains("/" + DatasetFiles.TRAIN_IMAGES + ".gz"));
    assertEquals(3, server.requests().size());
  }

  @Test
  void replacesACorruptCopy() throws IOException {
    serveAll();
    Path corrupt = TestData.write(dir.resolve(DatasetFiles.TEST_LABELS), new byte[] {0, 0, 8, 1});

    downloader().download(dir, log::add);

    assertFalse(Files.exists(corrupt));
    assertArrayEquals(
        TestData.gzip(FILES.get(DatasetFiles.TEST_LABELS)),
        Files.readAllBytes(dir.resolve(DatasetFiles.TEST_LABELS + ".gz")));
  }

  @Test
  void truncatedTransferLeavesNoFile() throws IOException {
    serveAll();
    String name = DatasetFiles.TRAIN_IMAGES + ".gz";
    server.serveTruncated(name, TestData.gzip(FILES.get(DatasetFiles.TRAIN_IMAGES)));

    String message = failure(() -> downloader().download(dir, log::add));

    assertContains(message, name, "nothing was saved");
    assertFalse(Files.exists(dir.resolve(name)));
    assertEquals(List.of(), partFiles());
  }

  @Test
  void corruptedContentFailsTheChecksumAndLeavesNoFile() throws IOException {
    serveAll();
    byte[] flipped = FILES.get(DatasetFiles.TEST_IMAGES).clone();
    flipped[flipped.length - 1] ^= 0x01;
    String name = DatasetFiles.TEST_IMAGES + ".gz";
    server.serve(name, TestData.gzip(flipped));

    String message = failure(() -> downloader().download(dir, log::add));

    assertContains(
        message,
        "checksum mismatch for " + server.baseUri().resolve(name),
        "got " + TestData.sha256(flipped),
        "expected " + CHECKSUMS.of(DatasetFiles.TEST_IMAGES));
    assertFalse(Files.exists(dir.resolve(name)));
    assertEquals(List.of(), partFiles());
  }

  @Test
  void corruptedGzipLeavesNoFile() throws IOException {
    serveAll();
    byte[] gzip = TestData.gzip(FILES.get(DatasetFiles.TRAIN_LABELS));
    gzip[gzip.length - 6] ^= 0x10;
    String name = DatasetFiles.TRAIN_LABELS + ".gz";
    server.serve(name, gzip);

    String message = failure(() -> downloader().download(dir, log::add));

    assertContains(message, name, "not valid gzip data");
    assertFalse(Files.exists(dir.resolve(name)));
    assertEquals(List.of(), partFiles());
  }

  @Test
  void reportsHttpErrors() throws IOException {
    String message = failure(() -> downloader().download(dir, log::add));

    assertContains(message, DatasetFiles.TRAIN_IMAGES + ".gz", "HTTP 404");
    assertEquals(List.of(), partFiles());
  }

  @Test
  void reportsConnectionFailure() {
    URI unreachable = server.baseUri();
    server.close();
    DatasetDownloader downloader = new DatasetDownloader(unreachable, CHECKSUMS, null);

    String message = failure(() -> downloader.download(dir, log::add));

    assertContains(
        message, "cannot download " + unreachable, "cannot connect to " + unreachable.getAuthority());
  }

  private void serveAll() {
    FILES.forEach((name, content) -> server.serve(name + ".gz", TestData.gzip(content)));
  }

  private DatasetDownloader downloader() {
    return new DatasetDownloader(server.baseUri(), CHECKSUMS, null);
  }

  private List<Path> partFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.toString().endsWith(".part")).toList();
    }
  }
}
