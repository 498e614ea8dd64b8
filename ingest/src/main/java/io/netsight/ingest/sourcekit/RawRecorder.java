package io.netsight.ingest.sourcekit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a source's raw input to a file, in the format {@code netsight replay} reads ({@link RecordingFormat}). Lines
 * are buffered and flushed at least once a second by {@link #flushIfDue()}, called by the source's own thread, so a
 * busy kernel log does not cost a write per line. The file is created at the first line, so a source that is created
 * and never started (the agent creates sources to restart one) leaves nothing behind. A failing disk is logged once and
 * recording stops: capture goes on.
 */
public class RawRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RawRecorder.class);
  private static final long FLUSH_NANOS = 1_000_000_000L;

  /** Records nothing. */
  public static final RawRecorder NONE = new RawRecorder();

  private final Path path;
  private OutputStream out;
  private long lastFlush = System.nanoTime();
  private boolean failed;

  private RawRecorder() {
    this.path = null;
  }

  private RawRecorder(Path path) {
    this.path = path;
  }

  /**
   * A recorder appending to {@code path}; its directory must be creatable (checked now, so a bad --record DIR fails
   * at start), the file itself is created at the first line.
   */
  public static RawRecorder open(Path path) {
    Path parent = path.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the recording directory " + parent + ": " + e.getMessage(), e);
    }
    return new RawRecorder(path);
  }

  public boolean enabled() {
    return path != null && !failed;
  }

  private boolean ensureOpen() {
    if (out != null) {
      return true;
    }
    try {
      out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
      return true;
    } catch (IOException e) {
      fail(e);
      return false;
    }
  }

  public Path path() {
    return path;
  }

  /** Appends one line (a newline is added). */
  public synchronized void line(String line) {
    if (!enabled()) {
      return;
    }
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    line(b, 0, b.length);
  }

  /** Appends the bytes of one line (a newline is added). */
  public synchronized void line(byte[] b, int off, int len) {
    if (!enabled() || !ensureOpen()) {
      return;
    }
    try {
      out.write(b, off, len);
      out.write('\n');
      flushIfDue();
    } catch (IOException e) {
      fail(e);
    }
  }

  /** Flushes when the last flush is more than a second ago. */
  public synchronized void flushIfDue() {
    if (!enabled() || out == null || System.nanoTime() - lastFlush < FLUSH_NANOS) {
      return;
    }
    flush();
  }

  public synchronized void flush() {
    if (!enabled() || out == null) {
      return;
    }
    try {
      out.flush();
      lastFlush = System.nanoTime();
    } catch (IOException e) {
      fail(e);
    }
  }

  private void fail(IOException e) {
    failed = true;
    LOG.error("Recording to {} failed, recording stops (capture goes on): {}", path, e.toString());
  }

  @Override
  public synchronized void close() {
    if (out == null) {
      failed = path != null;
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("Closing recording {} failed: {}", path, e.toString());
    }
    failed = true;
  }
}
