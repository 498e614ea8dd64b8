package io.netsight.ingest.kernel;

import io.netsight.schema.Micros;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.sourcekit.RecordingFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code /dev/kmsg}: one record per {@code read(2)}, each with the kernel's sequence number and its time on the
 * printk clock (microseconds since boot). A reader that falls behind gets {@code EPIPE} once the ring overwrote its
 * position: the lost records are counted from the sequence gap and reading goes on.
 *
 * <p>Start at the end. Java cannot {@code lseek(SEEK_END)}, so unless asked to replay the ring the reader writes one
 * marker line ({@code netsight: kernel log reader started <token>}) to the kernel log right after opening, skips
 * every record up to it, and so starts exactly at the end. Where the marker cannot be written (no write access to
 * /dev/kmsg) it skips by time instead: records older than the reader's start on {@code CLOCK_MONOTONIC}.
 *
 * <p>Wall time. The printk clock is not NTP-disciplined and drifts from the wall clock and from
 * {@code CLOCK_MONOTONIC} over a long uptime (the reason {@code dmesg -T} can be minutes off), so the boot time is
 * measured on the records themselves: a record cannot be read before it was logged, so {@code readTime - usec} is an
 * upper bound of the boot time, tight for records read as they arrive. The estimate is the smallest such bound
 * (immediately when a lower one appears, and the smallest of each five-minute window, so it follows the drift both
 * ways), starting from the marker's own bound, or from wall clock minus {@code CLOCK_MONOTONIC} without a marker.
 */
public final class KmsgReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KmsgReader.class);
  /** Large enough for any record: the kernel refuses a read into a buffer smaller than the record (EINVAL). */
  private static final int BUFFER = 16 * 1024;
  private static final long WINDOW_MICROS = 300_000_000L;
  /** Without the marker, a record this much newer than the start ends the skipping anyway. */
  private static final long MARKER_GIVE_UP_MICROS = 10_000_000L;
  static final String MARKER = "netsight: kernel log reader started ";

  /** The read side, a FileChannel in production (closing it wakes a blocked read). */
  interface RecordChannel extends AutoCloseable {

    int read(ByteBuffer buf) throws IOException;

    @Override
    void close() throws IOException;
  }

  /** Writes the start marker to the kernel log. */
  @FunctionalInterface
  interface MarkerWriter {

    void write(String line) throws IOException;
  }

  /** Where reading starts. */
  record StartPlan(boolean fromStart, String token, long monotonicAtStart, long wallAtMarker) {
  }

  private final Path device;
  private final KernelLineProcessor processor;
  private final KernelLogMetrics metrics;
  private final boolean fromStart;
  private final RawRecorder recorder;
  private final LongSupplier monotonicMicros;
  private final LongSupplier wallMicros;
  private final MarkerWriter markerWriter;
  private volatile java.util.function.Consumer<Throwable> failures = e -> { };
  private volatile RecordChannel channel;
  private volatile boolean closed;
  private Thread thread;
  private long lastSeq = -1;
  private volatile long bootWall;
  private long windowMin = Long.MAX_VALUE;
  private long windowEnd;
  private long recordedBootWall = Long.MIN_VALUE;

  public KmsgReader(Path device, KernelLineProcessor processor, boolean fromStart, RawRecorder recorder) {
    this(device, processor, fromStart, recorder, () -> System.nanoTime() / 1000L, Micros::now,
        line -> Files.write(device, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE));
  }

  KmsgReader(Path device, KernelLineProcessor processor, boolean fromStart, RawRecorder recorder,
      LongSupplier monotonicMicros, LongSupplier wallMicros, MarkerWriter markerWriter) {
    this.device = device;
    this.processor = processor;
    this.metrics = processor.metrics();
    this.fromStart = fromStart;
    this.recorder = recorder;
    this.monotonicMicros = monotonicMicros;
    this.wallMicros = wallMicros;
    this.markerWriter = markerWriter;
  }

  /** Opens the device (failing here if it cannot be read), marks the start, and starts the reading thread. */
  public synchronized void start() throws IOException {
    if (thread != null) {
      return;
    }
    FileChannel ch = FileChannel.open(device, StandardOpenOption.READ);
    start(new RecordChannel() {
      @Override
      public int read(ByteBuffer buf) throws IOException {
        return ch.read(buf);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    });
  }

  synchronized void start(RecordChannel ch) {
    this.channel = ch;
    StartPlan plan = plan();
    thread = new Thread(() -> run(ch, plan), "netsight-kmsg");
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes the marker (after the channel is open, so the marker is among what it reads). */
  StartPlan plan() {
    long mono = monotonicMicros.getAsLong();
    if (fromStart) {
      return new StartPlan(true, null, mono, 0);
    }
    String token = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    long before = wallMicros.getAsLong();
    try {
      markerWriter.write("<6>" + MARKER + token + "\n");
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot write the start marker to {} ({}); skipping the ring buffer by time instead", device,
          e.toString());
      return new StartPlan(false, null, mono, 0);
    }
    return new StartPlan(false, token, mono, (before + wallMicros.getAsLong()) / 2);
  }

  /** The reading loop; package-private so tests can run it on their thread. */
  void run(RecordChannel ch, StartPlan plan) {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    byte[] b = buf.array();
    KmsgRecord rec = new KmsgRecord();
    byte[] token = plan.token() == null ? null : (MARKER + plan.token()).getBytes(StandardCharsets.UTF_8);
    boolean skipping = !plan.fromStart();
    bootWall = wallMicros.getAsLong() - monotonicMicros.getAsLong();
    windowEnd = wallMicros.getAsLong() + WINDOW_MICROS;
    while (!closed) {
      buf.clear();
      int n;
      try {
        n = ch.read(buf);
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        if (closed) {
          break;
        }
        if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
          // The ring overwrote records we had not read; the next record's sequence number says how many.
          LOG.debug("/dev/kmsg: EPIPE, records were overwritten before they were read");
          continue;
        }
        metrics.readerError();
        LOG.error("Reading {} failed, the kernel log reader stops: {}", device, e.toString());
        failures.accept(e);
        break;
      }
      if (n <= 0) {
        if (n < 0) {
          break;
        }
        continue;
      }
      long readAt = wallMicros.getAsLong();
      if (!rec.parse(b, 0, n)) {
        processor.rejectRecord();
        continue;
      }
      if (lastSeq >= 0 && rec.sequence > lastSeq + 1) {
        metrics.lost(rec.sequence - lastSeq - 1);
      }
      lastSeq = rec.sequence;
      int len = rec.textEnd - rec.textStart;
      if (skipping) {
        if (token != null) {
          if (contains(b, rec.textStart, len, token)) {
            skipping = false;
            bootWall = plan.wallAtMarker() - rec.micros;
            continue; // the marker itself
          }
          if (rec.micros < plan.monotonicAtStart() + MARKER_GIVE_UP_MICROS) {
            continue;
          }
          LOG.warn("The start marker never came back from {} (rate-limited?); reading from here", device);
        } else if (rec.micros < plan.monotonicAtStart()) {
          continue;
        }
        skipping = false;
      }
      observe(rec.micros, readAt);
      metrics.record();
      if (recorder.enabled()) {
        if (Math.abs(bootWall - recordedBootWall) > 1000) {
          recorder.line(RecordingFormat.bootTimeLine(bootWall));
          recordedBootWall = bootWall;
        }
        recorder.line(b, 0, rec.textEnd);
      }
      if (processor.matches(b, rec.textStart, len)) {
        processor.matched(b, rec.textStart, len, bootWall + rec.micros);
      }
    }
    recorder.flush();
  }

  /** Tightens the boot-time estimate with a record read at {@code readAt} (see the class comment). */
  private void observe(long usec, long readAt) {
    long bound = readAt - usec;
    if (bound < bootWall) {
      bootWall = bound;
    }
    windowMin = Math.min(windowMin, bound);
    if (readAt >= windowEnd) {
      bootWall = windowMin;
      windowMin = Long.MAX_VALUE;
      windowEnd = readAt + WINDOW_MICROS;
    }
  }

  private static boolean contains(byte[] b, int off, int len, byte[] needle) {
    outer:
    for (int i = off; i <= off + len - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Told when the reader stops on an error it cannot recover from (the agent restarts the source). */
  public void onFailure(java.util.function.Consumer<Throwable> handler) {
    this.failures = handler;
  }

  /** The current estimate of the boot time, microseconds since the epoch. */
  public long bootTimeMicros() {
    return bootWall;
  }

  public boolean running() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  @Override
  public void close() {
    closed = true;
    RecordChannel ch = channel;
    if (ch != null) {
      try {
        ch.close();
      } catch (Exception e) {
        LOG.debug("closing {}: {}", device, e.toString());
      }
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
