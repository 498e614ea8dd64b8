package io.netsight.streams.ndots;

import io.netsight.streams.detect.EpisodeInput;
import io.netsight.streams.detect.StateSerdes;
import io.netsight.streams.detect.WindowedEntries;
import io.netsight.streams.ndots.state.NameCount;
import io.netsight.streams.ndots.state.NdotsEntry;
import io.netsight.streams.ndots.state.NdotsObservation;
import io.netsight.streams.ndots.state.PodCount;
import io.netsight.streams.ndots.state.QueryOutcome;
import io.netsight.streams.ndots.state.ResolverProfile;
import io.netsight.streams.ndots.state.ServerCount;
import io.netsight.streams.ndots.state.WindowHeader;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Counts each subject's lookups per tumbling window in small entries ({@link WindowedEntries}): a header with the
 * totals, one counter per (resolver profile, qtype, qname), one per pod, one per DNS server, and the resolver
 * profiles. When stream time closes a window it analyses it ({@link NdotsWindowAnalysis}) and forwards a draft
 * finding, keyed by subject, for each subject whose wasted queries pass the thresholds, then a progress mark.
 */
final class NdotsWindowProcessor implements Processor<String, NdotsObservation, String, EpisodeInput> {

  static final String STORE = "ndots-windows";

  private final NdotsConfig config;
  private final NdotsWindowAnalysis analysis;
  private ProcessorContext<String, EpisodeInput> context;
  private WindowedEntries<NdotsEntry> windows;
  private Sensor late;

  NdotsWindowProcessor(NdotsConfig config) {
    this.config = config;
    this.analysis = new NdotsWindowAnalysis(config, PublicTlds.iana());
  }

  static ProcessorSupplier<String, NdotsObservation, String, EpisodeInput> supplier(NdotsConfig config) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, NdotsObservation, String, EpisodeInput> get() {
        return new NdotsWindowProcessor(config);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        // Caching: a busy window rewrites the same few counters many times between commits.
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
            StateSerdes.of(NdotsEntry.class)).withCachingEnabled());
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, EpisodeInput> context) {
    this.context = context;
    KeyValueStore<String, NdotsEntry> store = context.getStateStore(STORE);
    this.windows = new WindowedEntries<>(store, config.window(), config.episodes().grace());
    this.late = context.metrics().addRateTotalSensor(NdotsObservationProcessor.METRICS_SCOPE, NdotsConfig.NAME,
        "late-dropped", Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, NdotsObservation> record) {
    NdotsObservation obs = record.value(); // null for a stream-time tick: it only closes windows
    long now = context.currentStreamTimeMs();
    if (obs != null && record.key() != null) {
      if (windows.accepts(record.timestamp(), now)) {
        add(record.key(), windows.windowStart(record.timestamp()), obs);
      } else {
        late.record();
      }
    }
    long closedThrough = windows.closeUpTo(now, closed -> analysis.draft(closed).ifPresent(f -> context.forward(
        new Record<String, EpisodeInput>(closed.subject(), new EpisodeInput.Held(f), closed.windowEnd()))));
    if (closedThrough >= 0) {
      context.forward(new Record<String, EpisodeInput>(null, new EpisodeInput.Closed(closedThrough), closedThrough));
    }
  }

  private void add(String subject, long window, NdotsObservation obs) {
    WindowHeader h = (WindowHeader) entry(window, subject, "H");
    if (h == null) {
      boolean workload = !subject.contains("/Pod/");
      h = WindowHeader.newBuilder()
          .setSubjectKind(workload ? "WORKLOAD" : "POD")
          .setNamespace(obs.getPod().getNamespace())
          .setName(workload ? obs.getPod().getWorkloadName() : obs.getPod().getName())
          .setWorkloadKind(workload ? obs.getPod().getWorkloadKind() : null)
          .setFirstSeen(obs.getTimestamp())
          .setLastSeen(obs.getTimestamp())
          .build();
    }
    h.setQueries(h.getQueries() + 1);
    h.setFirstSeen(Math.min(h.getFirstSeen(), obs.getTimestamp()));
    h.setLastSeen(Math.max(h.getLastSeen(), obs.getTimestamp()));

    ResolverProfile resolver = obs.getResolver();
    String profile = profileId(resolver);
    if (entry(window, subject, "R|" + profile) == null) {
      put(window, subject, "R|" + profile, resolver);
    }

    String nameKey = "N|" + profile + "|" + obs.getQtype() + "|" + obs.getQname();
    NameCount n = (NameCount) entry(window, subject, nameKey);
    if (n == null && h.getNames() >= config.maxNames()) {
      h.setOverflowQueries(h.getOverflowQueries() + 1);
      if (obs.getOutcome() == QueryOutcome.NXDOMAIN
          && new SearchPath(resolver.getNdots(), resolver.getSearches()).isExpansion(obs.getQname())) {
        h.setOverflowWasted(h.getOverflowWasted() + 1);
      }
    } else {
      if (n == null) {
        n = NameCount.newBuilder().setProfile(profile).setQname(obs.getQname()).setQtype(obs.getQtype())
            .setFirstSeen(obs.getTimestamp()).build();
        h.setNames(h.getNames() + 1);
      }
      n.setQueries(n.getQueries() + 1);
      n.setFirstSeen(Math.min(n.getFirstSeen(), obs.getTimestamp()));
      switch (obs.getOutcome()) {
        case ANSWERED -> n.setAnswered(n.getAnswered() + 1);
        case NODATA -> n.setNodata(n.getNodata() + 1);
        case NXDOMAIN -> n.setNxdomain(n.getNxdomain() + 1);
        default -> n.setFailed(n.getFailed() + 1);
      }
      put(window, subject, nameKey, n);
    }

    String podKey = "P|" + (obs.getPod().getUid() != null ? obs.getPod().getUid() : obs.getPod().getName());
    PodCount p = (PodCount) entry(window, subject, podKey);
    if (p == null && h.getPods() >= config.maxPods()) {
      h.setUntrackedPodQueries(h.getUntrackedPodQueries() + 1);
    } else {
      if (p == null) {
        p = PodCount.newBuilder().setPod(obs.getPod()).setProfile(profile).build();
        h.setPods(h.getPods() + 1);
      }
      p.setQueries(p.getQueries() + 1);
      put(window, subject, podKey, p);
    }

    if (obs.getServer() != null) {
      String serverKey = "S|" + obs.getServer().getIp();
      ServerCount s = (ServerCount) entry(window, subject, serverKey);
      if (s == null) {
        s = ServerCount.newBuilder().setServer(obs.getServer()).build();
      }
      s.setQueries(s.getQueries() + 1);
      put(window, subject, serverKey, s);
    }
    put(window, subject, "H", h);
  }

  /** A short stable id of a resolver profile (String.hashCode is specified, so it is the same on every JVM). */
  static String profileId(ResolverProfile r) {
    String canonical = r.getNdots() + "|" + String.join(",", r.getSearches()) + "|" + r.getDnsPolicy() + "|"
        + r.getAssumed();
    return Integer.toHexString(canonical.hashCode()) + "-" + r.getNdots();
  }

  private Object entry(long window, String subject, String key) {
    NdotsEntry e = windows.get(window, subject, key);
    return e == null ? null : e.getEntry();
  }

  private void put(long window, String subject, String key, Object value) {
    windows.put(window, subject, key, new NdotsEntry(value));
  }
}
