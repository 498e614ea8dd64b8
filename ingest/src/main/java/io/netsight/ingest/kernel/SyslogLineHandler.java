package io.netsight.ingest.kernel;

import io.netsight.ingest.sourcekit.RawRecorder;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * Handles the lines of a syslog file ({@code /var/log/kern.log}): syslog header located in place, prefix check on the
 * message bytes, and only for matching lines the timestamp decoded and the message parsed. A line without a syslog
 * header is checked as a bare message (as {@code dmesg} prints it) and stamped with the reference time.
 */
final class SyslogLineHandler implements LogFileFollower.LineHandler {

  private final KernelLineProcessor processor;
  private final RawRecorder recorder;
  private final ZoneId zone;
  private final LongSupplier referenceMicros;
  private final SyslogLine syslog = new SyslogLine();

  SyslogLineHandler(KernelLineProcessor processor, RawRecorder recorder, ZoneId zone, LongSupplier referenceMicros) {
    this.processor = processor;
    this.recorder = recorder;
    this.zone = zone;
    this.referenceMicros = referenceMicros;
  }

  @Override
  public void line(byte[] b, int off, int len) {
    processor.metrics().record();
    recorder.line(b, off, len);
    if (!syslog.parse(b, off, len)) {
      if (processor.matches(b, off, len)) {
        processor.matched(b, off, len, referenceMicros.getAsLong());
      }
      return;
    }
    int msgLen = off + len - syslog.messageStart;
    if (!processor.matches(b, syslog.messageStart, msgLen)) {
      return;
    }
    long ts = syslog.timestampMicros(b, zone, referenceMicros.getAsLong());
    if (ts == Long.MIN_VALUE) {
      processor.rejectRecord();
      return;
    }
    processor.matched(b, syslog.messageStart, msgLen, ts);
  }
}
