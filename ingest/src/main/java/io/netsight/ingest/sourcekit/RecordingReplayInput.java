package io.netsight.ingest.sourcekit;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.replay.ReplayInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A recording of one source ({@code --kernel-log}, {@code --conntrack-events}, {@code --conntrack-stats},
 * {@code --kube-proxy-metrics}) as a {@link ReplayInput}, so {@code netsight replay} merges it with packet captures
 * by event time. The file is read whole when opened (a bad file fails before any output) and its records sorted by
 * time; recordings of an incident are small next to memory (a day of drops at 100/s is a few hundred MB of records
 * only in pathological cases, which should be split by time).
 */
public final class RecordingReplayInput implements ReplayInput {

  /** Reads a recording into a sink. */
  @FunctionalInterface
  public interface Reader {

    void read(Path file, io.netsight.ingest.capture.RecordSink sink) throws IOException;
  }

  private final Path file;
  private final List<CapturedRecord> records;
  private final long bytes;
  private int next;

  private RecordingReplayInput(Path file, List<CapturedRecord> records, long bytes) {
    this.file = file;
    this.records = records;
    this.bytes = bytes;
  }

  public static RecordingReplayInput open(Path file, Reader reader) {
    List<CapturedRecord> list = new ArrayList<>();
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("not a readable file: " + file);
      }
      reader.read(file, list::add);
      list.sort(Comparator.comparingLong(CapturedRecord::timestampMicros)); // stable: file order within a time
      return new RecordingReplayInput(file, list, Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public CapturedRecord next() {
    return next < records.size() ? records.get(next++) : null;
  }

  @Override
  public long progress() {
    return records.isEmpty() ? bytes : bytes * next / records.size();
  }

  @Override
  public long total() {
    return bytes;
  }

  @Override
  public long items() {
    return next;
  }

  @Override
  public void close() {
    // read whole when opened: nothing held
  }
}
