package io.netsight.ingest.kernel;

import io.netsight.ingest.sourcekit.Micros;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.sourcekit.RecordingFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code /dev/kmsg}: one record per {@code read(2)}, each with the kernel's sequence number and its time on the
 * printk clock (microseconds since boot). Starts at the end of the ring buffer by default (records logged before the
 * reader opened are skipped by their time, since Java cannot {@code lseek(SEEK_END)}), or replays the whole ring when
 * asked. A reader that falls behind gets {@code EPIPE} once the ring overwrote its position: the lost records are
 * counted from the sequence gap and reading goes on. Monotonic time is turned into wall time with the boot time,
 * estimated as wall clock minus {@code CLOCK_MONOTONIC} (what {@link System#nanoTime()} reads on Linux) and
 * re-estimated every minute, so a stepped wall clock is followed.
 */
public final class KmsgReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KmsgReader.class);
  /** Large enough for any record: the kernel refuses a read into a buffer smaller than the record (EINVAL). */
  private static final int BUFFER = 16 * 1024;
  private static final long BOOT_REFRESH_MICROS = 60_000_000L;

  /** The read side, a FileChannel in production (closing it wakes a blocked read). */
  interface RecordChannel extends AutoCloseable {

    int read(ByteBuffer buf) throws IOException;

    @Override
    void close() throws IOException;
  }

  private final Path device;
  private final KernelLineProcessor processor;
  private final KernelLogMetrics metrics;
  private final boolean fromStart;
  private final RawRecorder recorder;
  private final LongSupplier monotonicMicros;
  private final LongSupplier wallMicros;
  private volatile RecordChannel channel;
  private volatile boolean closed;
  private Thread thread;
  private long lastSeq = -1;
  private long bootWall;
  private long bootComputedAt;
  private long recordedBootWall = Long.MIN_VALUE;

  public KmsgReader(Path device, KernelLineProcessor processor, boolean fromStart, RawRecorder recorder) {
    this(device, processor, fromStart, recorder, () -> System.nanoTime() / 1000L, Micros::now);
  }

  KmsgReader(Path device, KernelLineProcessor processor, boolean fromStart, RawRecorder recorder,
      LongSupplier monotonicMicros, LongSupplier wallMicros) {
    this.device = device;
    this.processor = processor;
    this.metrics = processor.metrics();
    this.fromStart = fromStart;
    this.recorder = recorder;
    this.monotonicMicros = monotonicMicros;
    this.wallMicros = wallMicros;
  }

  /** Opens the device (failing here if it cannot be read) and starts the reading thread. */
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
    long skipBefore = fromStart ? Long.MIN_VALUE : monotonicMicros.getAsLong();
    thread = new Thread(() -> run(ch, skipBefore), "netsight-kmsg");
    thread.setDaemon(true);
    thread.start();
  }

  /** The reading loop; package-private so tests can run it on their thread. */
  void run(RecordChannel ch, long skipBefore) {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    byte[] b = buf.array();
    KmsgRecord rec = new KmsgRecord();
    refreshBootTime();
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
        break;
      }
      if (n < 0) {
        break;
      }
      if (n == 0) {
        continue;
      }
      if (!rec.parse(b, 0, n)) {
        processor.rejectRecord();
        continue;
      }
      if (lastSeq >= 0 && rec.sequence > lastSeq + 1) {
        metrics.lost(rec.sequence - lastSeq - 1);
      }
      lastSeq = rec.sequence;
      if (rec.micros < skipBefore) {
        continue;
      }
      metrics.record();
      long now = monotonicMicros.getAsLong();
      if (now - bootComputedAt > BOOT_REFRESH_MICROS) {
        refreshBootTime();
      }
      if (recorder.enabled()) {
        if (Math.abs(bootWall - recordedBootWall) > 1000) {
          recorder.line(RecordingFormat.bootTimeLine(bootWall));
          recordedBootWall = bootWall;
        }
        recorder.line(b, 0, rec.textEnd);
      }
      int len = rec.textEnd - rec.textStart;
      if (processor.matches(b, rec.textStart, len)) {
        processor.matched(b, rec.textStart, len, bootWall + rec.micros);
      }
    }
    recorder.flush();
  }

  private void refreshBootTime() {
    long mono = monotonicMicros.getAsLong();
    bootWall = wallMicros.getAsLong() - mono;
    bootComputedAt = mono;
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
