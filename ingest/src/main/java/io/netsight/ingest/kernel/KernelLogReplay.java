package io.netsight.ingest.kernel;

import io.netsight.schema.Micros;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.sourcekit.RecordingFormat;
import io.netsight.schema.v1.KernelLogSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * Reads a recorded kernel log for {@code netsight replay --kernel-log FILE}. Each line is one of, told apart by its
 * first bytes: a {@code /dev/kmsg} record ({@code 4,1234,5678901,-;calico-drop: ...}, with the boot time from the last
 * {@code # netsight-boot-time} line before it), a {@code journalctl -o json} object, or a syslog line
 * ({@code /var/log/kern.log}, the year of classic timestamps guessed from the file's modification time). Lines
 * starting with a space are kmsg dictionary lines and are skipped, as are other comment lines.
 */
public final class KernelLogReplay {

  private final KernelLineProcessor kmsgProcessor;
  private final KernelLineProcessor fileProcessor;
  private final KernelLineProcessor journalProcessor;
  private final KernelLogMetrics metrics;
  private final ZoneId zone;

  public KernelLogReplay(List<String> prefixes, String node, RecordSink sink, PrometheusRegistry registry,
      ZoneId zone) {
    NetfilterLogParser parser = new NetfilterLogParser(prefixes);
    this.metrics = new KernelLogMetrics(registry, "replay");
    this.kmsgProcessor = new KernelLineProcessor(parser, metrics, sink, node, KernelLogSource.KMSG);
    this.fileProcessor = new KernelLineProcessor(parser, metrics, sink, node, KernelLogSource.FILE);
    this.journalProcessor = new KernelLineProcessor(parser, metrics, sink, node, KernelLogSource.JOURNALD);
    this.zone = zone;
  }

  /** Reads the whole file, emitting a record per matching line; returns the number of lines read. */
  public long replay(Path file) throws IOException {
    long reference = Micros.of(Files.getLastModifiedTime(file).toInstant());
    SyslogLineHandler syslog = new SyslogLineHandler(fileProcessor, io.netsight.ingest.sourcekit.RawRecorder.NONE,
        zone, () -> reference);
    KmsgRecord rec = new KmsgRecord();
    long bootWall = Long.MIN_VALUE;
    long lines = 0;
    try (BufferedReader r = RecordingFormat.open(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lines++;
        if (line.isEmpty() || line.charAt(0) == ' ') {
          continue;
        }
        if (line.charAt(0) == '#') {
          Long boot = RecordingFormat.markerMicros(line, RecordingFormat.BOOT_TIME);
          if (boot != null) {
            bootWall = boot;
          }
          continue;
        }
        if (line.charAt(0) == '{') {
          metrics.record();
          if (!JournaldReader.mentionsPrefix(line, journalProcessor.parser().prefixes())) {
            continue;
          }
          JournalEntry e = JournalEntry.decode(line);
          if (e == null) {
            journalProcessor.rejectRecord();
          } else {
            journalProcessor.message(e.message(), e.realtimeMicros());
          }
          continue;
        }
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        if (Character.isDigit(line.charAt(0)) && line.indexOf(';') > 0 && line.indexOf(',') < line.indexOf(';')
            && rec.parse(b, 0, b.length)) {
          metrics.record();
          int len = rec.textEnd - rec.textStart;
          if (kmsgProcessor.matches(b, rec.textStart, len)) {
            // Without a boot time the kmsg clock cannot be placed in wall time: the file's time is the best guess.
            long boot = bootWall == Long.MIN_VALUE ? reference - rec.micros : bootWall;
            kmsgProcessor.matched(b, rec.textStart, len, boot + rec.micros);
          }
          continue;
        }
        syslog.line(b, 0, b.length);
      }
    }
    return lines;
  }

  public KernelLogMetrics metrics() {
    return metrics;
  }
}
