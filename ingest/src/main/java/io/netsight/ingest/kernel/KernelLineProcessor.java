package io.netsight.ingest.kernel;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KernelLogSource;
import java.nio.charset.StandardCharsets;

/**
 * What every kernel log reader does with one message: the cheap prefix check, then (only for matching messages)
 * decoding, parsing, and handing the {@code KernelDrop} to the sink keyed by source IP, or counting the rejection.
 * Not thread-safe: one per reader thread.
 */
public final class KernelLineProcessor {

  private final NetfilterLogParser parser;
  private final KernelLogMetrics metrics;
  private final RecordSink sink;
  private final String node;
  private final KernelLogSource source;

  public KernelLineProcessor(NetfilterLogParser parser, KernelLogMetrics metrics, RecordSink sink, String node,
      KernelLogSource source) {
    this.parser = parser;
    this.metrics = metrics;
    this.sink = sink;
    this.node = node;
    this.source = source;
  }

  /** True when the message in {@code b[off, off+len)} starts with a configured prefix (no allocation). */
  public boolean matches(byte[] b, int off, int len) {
    return parser.matchPrefix(b, off, len) >= 0;
  }

  /** Handles a message known to match; returns the record emitted, or null when it was rejected. */
  public KernelDrop matched(byte[] b, int off, int len, long timestampMicros) {
    return matched(new String(b, off, len, StandardCharsets.UTF_8), timestampMicros);
  }

  /** Handles a decoded message known to match. */
  public KernelDrop matched(String message, long timestampMicros) {
    NetfilterLogParser.Result r = parser.parse(message, timestampMicros, source, node);
    if (r.drop() == null) {
      metrics.reject(r.rejection());
      return null;
    }
    metrics.drop(parser.prefixes().get(Math.max(0, parser.matchPrefix(message))));
    sink.accept(new CapturedRecord(Topics.CAPTURE_KERNEL_DROP, r.drop().getSrcIp(), timestampMicros, r.drop()));
    return r.drop();
  }

  /** Prefix check, then handling: the whole path for a decoded message (journald, replay). */
  public void message(String message, long timestampMicros) {
    if (parser.matchPrefix(message) >= 0) {
      matched(message, timestampMicros);
    }
  }

  public KernelLogMetrics metrics() {
    return metrics;
  }

  public NetfilterLogParser parser() {
    return parser;
  }

  public void rejectRecord() {
    metrics.reject(KernelLogRejection.BAD_RECORD);
  }
}
