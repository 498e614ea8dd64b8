package io.netsight.ingest.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a log file the way {@code tail -F} does, by polling: new bytes are split into lines handed over as byte
 * ranges (no decoding, no allocation per line); a rotation (the path now names another file: logrotate's rename, or
 * rsyslog reopening) is noticed after the old file was read to its end, and the new file is read from its start; a
 * truncation (copytruncate, or {@code > kern.log}) restarts at offset 0. Starts at the end of the file unless asked to
 * read it whole. A missing file is waited for, logged once, and read from its start when it appears.
 */
public final class LogFileFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LogFileFollower.class);
  /** Longest line kept; netfilter lines are under 1 KiB, a longer one is cut here (and still handed over). */
  static final int MAX_LINE = 64 * 1024;

  /** Receives each complete line, without its newline. */
  @FunctionalInterface
  public interface LineHandler {

    void line(byte[] b, int off, int len);
  }

  private final Path path;
  private final Duration pollInterval;
  private final LineHandler handler;
  private final Runnable onError;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private byte[] carry = new byte[4096];
  private int carryLen;
  private FileChannel channel;
  private Object fileKey;
  private long position;
  private boolean atStart;
  private boolean missingLogged;
  private volatile boolean closed;
  private Thread thread;

  /**
   * @param fromStart read the file from its beginning (else from its end at the first open)
   * @param onError   called for each read failure (counted by the caller)
   */
  public LogFileFollower(Path path, Duration pollInterval, boolean fromStart, LineHandler handler, Runnable onError) {
    this.path = Objects.requireNonNull(path, "path");
    this.pollInterval = pollInterval;
    this.handler = handler;
    this.onError = onError;
    this.atStart = fromStart;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::run, "netsight-follow-" + path.getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed) {
      poll();
      synchronized (this) {
        if (closed) {
          break;
        }
        try {
          wait(pollInterval.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    closeChannel();
  }

  /** Reads what is new; one step of the follower, package-private for tests that drive it directly. */
  void poll() {
    try {
      if (channel == null && !open(!atStart)) {
        atStart = true; // a file that appears after the start is read whole
        return;
      }
      atStart = true; // after the first open, every new file is read from its start
      if (channel.size() < position) {
        LOG.info("{} was truncated; reading it again from the start", path);
        position = 0;
        carryLen = 0;
      }
      drain();
      Object current = currentKey();
      if (current != null && !current.equals(fileKey)) {
        LOG.info("{} was rotated; reading the new file from its start", path);
        flushCarry();
        closeChannel();
        if (open(false)) {
          drain();
        }
      }
    } catch (IOException e) {
      onError.run();
      LOG.warn("Reading {} failed: {}; reopening", path, e.toString());
      closeChannel();
    }
  }

  private boolean open(boolean atEnd) throws IOException {
    try {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      channel = ch;
      position = atEnd ? ch.size() : 0;
      carryLen = 0;
      missingLogged = false;
      return true;
    } catch (NoSuchFileException e) {
      if (!missingLogged) {
        LOG.warn("{} does not exist (yet); waiting for it", path);
        missingLogged = true;
      }
      return false;
    }
  }

  private Object currentKey() throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null; // rotated away, the new file not created yet: keep reading the old one
    }
  }

  private void drain() throws IOException {
    while (true) {
      readBuffer.clear();
      int n = channel.read(readBuffer, position);
      if (n <= 0) {
        return;
      }
      position += n;
      byte[] b = readBuffer.array();
      int lineStart = 0;
      for (int i = 0; i < n; i++) {
        if (b[i] == '\n') {
          if (carryLen > 0) {
            append(b, lineStart, i - lineStart);
            emit(carry, 0, carryLen);
            carryLen = 0;
          } else {
            emit(b, lineStart, i - lineStart);
          }
          lineStart = i + 1;
        }
      }
      if (lineStart < n) {
        append(b, lineStart, n - lineStart);
      }
    }
  }

  private void append(byte[] b, int off, int len) {
    int room = MAX_LINE - carryLen;
    int take = Math.min(room, len);
    if (carryLen + take > carry.length) {
      carry = Arrays.copyOf(carry, Math.min(MAX_LINE, Math.max(carry.length * 2, carryLen + take)));
    }
    System.arraycopy(b, off, carry, carryLen, take);
    carryLen += take;
  }

  private void flushCarry() {
    if (carryLen > 0) {
      emit(carry, 0, carryLen);
      carryLen = 0;
    }
  }

  private void emit(byte[] b, int off, int len) {
    if (len > 0 && b[off + len - 1] == '\r') {
      len--;
    }
    if (len > 0) {
      handler.line(b, off, len);
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", path, e.toString());
      }
      channel = null;
    }
  }

  /** True while the polling thread runs. */
  public synchronized boolean running() {
    return thread != null && thread.isAlive() && !closed;
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      notifyAll();
      t = thread;
    }
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      closeChannel();
    }
  }
}
