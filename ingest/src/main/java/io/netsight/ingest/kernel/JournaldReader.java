package io.netsight.ingest.kernel;

import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.sourcekit.SupervisedProcess;
import java.time.Duration;
import java.util.List;

/**
 * Reads kernel messages from journald through {@code journalctl -k -f -o json -n 0} run as a supervised child (for
 * nodes where the kernel log is only in the journal). Each output line is first searched for a configured prefix as
 * plain text, so non-matching entries are never JSON-decoded.
 */
public final class JournaldReader implements AutoCloseable {

  /** journalctl following the kernel transport from now on, one JSON object per line. */
  public static final List<String> DEFAULT_COMMAND =
      List.of("journalctl", "-k", "-f", "-o", "json", "-n", "0", "--no-pager");

  private final SupervisedProcess process;

  public JournaldReader(List<String> command, KernelLineProcessor processor, RawRecorder recorder,
      Duration maxBackoff) {
    List<String> stems = processor.parser().prefixes();
    process = new SupervisedProcess("journalctl", command, new SupervisedProcess.Listener() {
      @Override
      public void stdout(String line) {
        processor.metrics().record();
        recorder.line(line);
        if (!mentionsPrefix(line, stems)) {
          return;
        }
        JournalEntry e = JournalEntry.decode(line);
        if (e == null) {
          processor.rejectRecord();
          return;
        }
        processor.message(e.message(), e.realtimeMicros());
      }

      @Override
      public void exited(int code, String error) {
        processor.metrics().readerError();
      }
    }, Duration.ofSeconds(1), maxBackoff, "install systemd's journalctl, or read /dev/kmsg or the log file instead");
  }

  static boolean mentionsPrefix(String line, List<String> stems) {
    if (line.contains("\"MESSAGE\":[")) {
      return true; // a message that is not UTF-8 comes as an array of bytes: decode to know
    }
    for (String s : stems) {
      if (line.contains(s)) {
        return true;
      }
    }
    return false;
  }

  public void start() {
    process.start();
  }

  public SupervisedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
