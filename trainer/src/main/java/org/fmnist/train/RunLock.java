package org.fmnist.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.fmnist.errors.IoErrors;
import org.fmnist.errors.RunFolderException;

/**
 * One writer per run folder: an exclusive lock on {@code <run>/.lock}, held while a run trains and
 * released by the operating system when the process ends, even by kill -9. The holder writes its
 * process id into the file, so a refused writer can name it.
 */
final class RunLock implements AutoCloseable {
  static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code run}, or refuses naming the process that holds it. */
  static RunLock acquire(Path run) {
    Path file = run.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock run folder " + run + ": " + IoErrors.describe(e), e);
    }
    try {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(file);
        channel.close();
        throw new RunFolderException(
            run + " is being trained by another process" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + ": wait for it to end, or train into another folder");
      }
      byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock run folder " + run + ": " + IoErrors.describe(e), e);
    }
  }

  /** Null when another process (or another trainer in this one) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static String holder(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the lock failure is what the caller reports
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unlock " + channel + ": " + IoErrors.describe(e), e);
    }
  }
}
