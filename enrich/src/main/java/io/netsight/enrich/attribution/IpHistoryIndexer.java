package io.netsight.enrich.attribution;

import io.netsight.schema.v1.IpBinding;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bindings topic into versions of "who may hold this IP", one per change, for the versioned table the
 * captures join against.
 *
 * <p>Why not table the bindings topic directly: a versioned table keeps one value per key and time, but an IP can
 * have several holders at once (a node and its host-network pods, two pods inside one clock second), a binding
 * arrives with its own {@code validFrom}/{@code validTo} (not its record time), possibly out of order, and a release
 * must also close the interval a later holder's start implies. So the full interval list per IP is kept in
 * {@link EnrichmentTopology#INDEX_STORE} and each change re-emits the affected segments, timestamped at their start,
 * into the versioned store (which accepts out-of-order versions within its history retention). Segments older than
 * the retention horizon are folded into one at the horizon, so a long-lived binding re-published days after its
 * {@code validFrom} still lands.
 */
final class IpHistoryIndexer implements FixedKeyProcessor<String, IpBinding, List<IpBinding>> {

  private static final Logger LOG = LoggerFactory.getLogger(IpHistoryIndexer.class);

  private final long retentionMs;
  private final long marginMs;
  private FixedKeyProcessorContext<String, List<IpBinding>> context;
  private KeyValueStore<String, List<IpBinding>> index;

  IpHistoryIndexer(Duration retention) {
    this.retentionMs = retention.toMillis();
    // The versioned store measures its horizon from the newest version put, which can be up to a second past
    // stream time (a release's uncertainty second); stay well inside it.
    this.marginMs = Math.min(retentionMs / 10, Duration.ofMinutes(1).toMillis());
  }

  @Override
  public void init(FixedKeyProcessorContext<String, List<IpBinding>> context) {
    this.context = context;
    this.index = context.getStateStore(EnrichmentTopology.INDEX_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, IpBinding> record) {
    String ip = record.key();
    if (ip == null) {
      context.recordMetadata().ifPresent(m -> LOG.warn("Skipping an IP binding without a key at {}-{}@{}",
          m.topic(), m.partition(), m.offset()));
      return;
    }
    IpHistory history = new IpHistory(ip, index.get(ip));
    long changedMicros = record.value() == null
        ? history.tombstone(Math.multiplyExact(record.timestamp(), 1000L))
        : history.upsert(record.value());
    long horizonMs = Math.max(context.currentStreamTimeMs(), record.timestamp()) - retentionMs + marginMs;
    history.prune(horizonMs * 1000L);
    if (history.isEmpty()) {
      index.delete(ip);
    } else {
      index.put(ip, history.raw());
    }
    if (changedMicros == Long.MAX_VALUE) {
      return;
    }
    List<IpHistory.Segment> segments = history.segments(Math.floorDiv(changedMicros, 1000L));
    for (int i = 0; i < segments.size(); i++) {
      IpHistory.Segment s = segments.get(i);
      boolean beforeHorizon = s.startMillis() < horizonMs;
      if (beforeHorizon && i + 1 < segments.size() && segments.get(i + 1).startMillis() <= horizonMs) {
        continue; // wholly before the horizon: the versioned store would drop it
      }
      long at = beforeHorizon ? horizonMs : s.startMillis();
      context.forward(record.withValue(s.holders().isEmpty() ? null : s.holders()).withTimestamp(at));
    }
  }
}
