package io.netsight.ingest.kernel;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.schema.v1.KernelDrop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink collecting KernelDrop records, thread-safe (readers emit on their own threads). */
final class TestSinks {

  static final class Drops implements RecordSink {

    final List<CapturedRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void accept(CapturedRecord record) {
      records.add(record);
    }

    List<KernelDrop> drops() {
      return records.stream().map(r -> (KernelDrop) r.value()).toList();
    }
  }

  private TestSinks() {
  }
}
