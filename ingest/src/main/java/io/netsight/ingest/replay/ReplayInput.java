package io.netsight.ingest.replay;

import io.netsight.ingest.capture.CapturedRecord;

/**
 * One kind of recorded input for replay (packet captures, kernel logs, conntrack events and stats, kube-proxy
 * scrapes), read as a stream of records in event-time order. {@link CaptureReplay} merges several inputs by event time.
 */
public interface ReplayInput extends AutoCloseable {

  /** What it reads, for messages. */
  String describe();

  /** The next record in event-time order, or null at the end. Never throws on bad content (counted instead). */
  CapturedRecord next();

  /** Units read so far and in total (bytes, for progress); total 0 when unknown. */
  long progress();

  long total();

  /** Packets (or lines) read so far. */
  long items();

  @Override
  void close();
}
