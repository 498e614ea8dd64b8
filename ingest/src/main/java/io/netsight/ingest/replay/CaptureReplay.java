package io.netsight.ingest.replay;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.RecordSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Replays recorded inputs into a sink in event-time order, merging the inputs by record timestamp. The same code
 * serves {@code netsight replay} (to Kafka or printed) and {@code netsight analyze} (into the in-JVM broker).
 */
public final class CaptureReplay {

  /** Told every few thousand items, and once at the end. */
  @FunctionalInterface
  public interface Progress {
    void update(long items, long done, long total, boolean finished);
  }

  /** What a replay produced: records per topic. */
  public record Summary(long items, Map<String, Long> recordsByTopic) {

    public long records() {
      return recordsByTopic.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static final int PROGRESS_EVERY = 8192;

  private CaptureReplay() {
  }

  public static Summary run(List<ReplayInput> inputs, RecordSink sink, Progress progress) {
    record Head(CapturedRecord record, int input, long seq) {
    }
    PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> a.record().timestampMicros()
        != b.record().timestampMicros() ? Long.compare(a.record().timestampMicros(), b.record().timestampMicros())
        : Long.compare(a.seq(), b.seq()));
    Map<String, Long> counts = new LinkedHashMap<>();
    long seq = 0;
    List<ReplayInput> list = new ArrayList<>(inputs);
    for (int i = 0; i < list.size(); i++) {
      CapturedRecord r = list.get(i).next();
      if (r != null) {
        heads.add(new Head(r, i, seq++));
      }
    }
    long lastReport = 0;
    while (!heads.isEmpty()) {
      Head h = heads.poll();
      sink.accept(h.record());
      counts.merge(h.record().value().getSchema().getName(), 1L, Long::sum);
      CapturedRecord next = list.get(h.input()).next();
      if (next != null) {
        heads.add(new Head(next, h.input(), seq++));
      }
      long items = items(list);
      if (progress != null && items - lastReport >= PROGRESS_EVERY) {
        lastReport = items;
        progress.update(items, done(list), total(list), false);
      }
    }
    long items = items(list);
    if (progress != null) {
      progress.update(items, done(list), total(list), true);
    }
    return new Summary(items, counts);
  }

  private static long items(List<ReplayInput> inputs) {
    return inputs.stream().mapToLong(ReplayInput::items).sum();
  }

  private static long done(List<ReplayInput> inputs) {
    return inputs.stream().mapToLong(ReplayInput::progress).sum();
  }

  private static long total(List<ReplayInput> inputs) {
    return inputs.stream().mapToLong(ReplayInput::total).sum();
  }
}
