package io.netsight.streams.detect;

import io.netsight.schema.AvroSerde;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.FindingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns per-window results into episodes, one per subject. Input ({@link EpisodeInput}): a {@code Held} draft keyed
 * by subject key for each window in which the detector's condition held, and a {@code Closed} progress mark each time
 * the window stage has closed windows. Output: finding revisions keyed by finding id.
 *
 * <ul>
 *   <li>first holding window: a new episode (deterministic id, revision 1, OPEN);</li>
 *   <li>each later holding window: same id, revision + 1, lastSeen and windowsCounted advanced;</li>
 *   <li>after {@code resolveAfter} windows without a draft: one RESOLVED revision with
 *       {@code resolvedAt = lastSeen + resolveAfter * window}, and the subject is forgotten (a later holding window
 *       opens a new episode with a new id).</li>
 * </ul>
 *
 * <p>Quiet windows produce no draft, so they are noticed from the progress marks: once the window stage reports that
 * every window up to {@code resolvedAt} is closed, no draft can continue the episode any more. Progress comes from the
 * stage that closes the windows rather than from a stream-time punctuator here, because a punctuator can run at a
 * stream time whose window results have not reached this processor yet (TopologyTestDriver runs every sub-topology as
 * one task; a cache or a later sub-topology can delay them too), and then it would resolve an episode that a late
 * draft continues. With progress marks the output depends only on the input records, so a replay yields the same
 * revisions.
 */
public final class EpisodeTracker implements Processor<String, EpisodeInput, String, Finding> {

  private static final Logger LOG = LoggerFactory.getLogger(EpisodeTracker.class);

  private final EpisodeSettings settings;
  private ProcessorContext<String, Finding> context;
  private KeyValueStore<String, Finding> store;

  EpisodeTracker(EpisodeSettings settings) {
    this.settings = settings;
  }

  /** The processor with its store attached. */
  public static ProcessorSupplier<String, EpisodeInput, String, Finding> supplier(EpisodeSettings settings) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, EpisodeInput, String, Finding> get() {
        return new EpisodeTracker(settings);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(settings.storeName()),
            Serdes.String(), AvroSerde.of(Finding.class)));
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, Finding> context) {
    this.context = context;
    this.store = context.getStateStore(settings.storeName());
  }

  @Override
  public void process(Record<String, EpisodeInput> record) {
    if (record.value() instanceof EpisodeInput.Closed closed) {
      resolveQuiet(closed.throughMs());
    } else if (record.value() instanceof EpisodeInput.Held held && record.key() != null) {
      held(record.key(), held.draft());
    }
  }

  private void held(String subject, Finding draft) {
    Finding open = store.get(subject);
    if (open != null) {
      if (!draft.getWindowEnd().isAfter(open.getWindowEnd())) {
        LOG.debug("{}: ignoring a result for window {} of {}, already at {}", settings.detector(),
            draft.getWindowStart(), subject, open.getWindowEnd());
        return;
      }
      if (!resolvedAt(open).isAfter(draft.getWindowStart())) {
        // Quiet for resolveAfter windows in between: normally resolved by a progress mark already.
        forward(resolved(open));
        open = null;
      }
    }
    Finding next = open == null ? opened(subject, draft) : continued(open, draft);
    store.put(subject, next);
    forward(next);
  }

  private void resolveQuiet(long closedThroughMs) {
    List<KeyValue<String, Finding>> due = new ArrayList<>();
    try (KeyValueIterator<String, Finding> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Finding> kv = it.next();
        if (resolvedAt(kv.value).toEpochMilli() <= closedThroughMs) {
          due.add(kv);
        }
      }
    }
    for (KeyValue<String, Finding> kv : due) {
      store.delete(kv.key);
      forward(resolved(kv.value));
    }
  }

  private Instant resolvedAt(Finding open) {
    return open.getLastSeen().plus(settings.window().multipliedBy(settings.resolveAfter()));
  }
  private Finding opened(String subject, Finding draft) {
    return Finding.newBuilder(draft)
        .setFindingId(FindingIds.of(settings.detector(), subject, draft.getWindowStart()))
        .setDetector(settings.detector())
        .setStatus(FindingStatus.OPEN)
        .setRevision(1)
        .setTimestamp(draft.getWindowEnd())
        .setFirstSeen(draft.getWindowStart())
        .setLastSeen(draft.getWindowEnd())
        .setWindowsCounted(1)
        .setResolvedAt(null)
        .build();
  }

  private Finding continued(Finding open, Finding draft) {
    return Finding.newBuilder(draft)
        .setFindingId(open.getFindingId())
        .setDetector(settings.detector())
        .setStatus(FindingStatus.OPEN)
        .setRevision(open.getRevision() + 1)
        .setTimestamp(draft.getWindowEnd())
        .setFirstSeen(open.getFirstSeen())
        .setLastSeen(draft.getWindowEnd())
        .setWindowsCounted(open.getWindowsCounted() + 1)
        .setResolvedAt(null)
        .build();
  }

  private Finding resolved(Finding open) {
    Instant at = resolvedAt(open);
    Map<String, Double> metrics = new HashMap<>(open.getMetrics());
    metrics.put("quietWindows", (double) settings.resolveAfter());
    return Finding.newBuilder(open)
        .setStatus(FindingStatus.RESOLVED)
        .setRevision(open.getRevision() + 1)
        .setTimestamp(at)
        .setWindowStart(open.getLastSeen())
        .setWindowEnd(at)
        .setResolvedAt(at)
        .setMetrics(metrics)
        .setSummary("RESOLVED after " + settings.resolveAfter() + " quiet windows: " + open.getSummary())
        .build();
  }

  private void forward(Finding f) {
    context.forward(new Record<>(f.getFindingId(), f, f.getTimestamp().toEpochMilli()));
  }
}
