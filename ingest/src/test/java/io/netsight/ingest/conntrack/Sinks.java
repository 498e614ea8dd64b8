package io.netsight.ingest.conntrack;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.RecordSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects records of one type (thread-safe). */
final class Sinks<T> implements RecordSink {

  final List<CapturedRecord> records = new CopyOnWriteArrayList<>();
  private final Class<T> type;

  Sinks(Class<T> type) {
    this.type = type;
  }

  @Override
  public void accept(CapturedRecord record) {
    records.add(record);
  }

  List<T> values() {
    return records.stream().map(CapturedRecord::value).filter(type::isInstance).map(type::cast).toList();
  }
}
