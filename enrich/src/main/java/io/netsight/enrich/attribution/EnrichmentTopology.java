package io.netsight.enrich.attribution;

import io.netsight.schema.Micros;
import io.netsight.schema.AvroSerde;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.EnrichedConntrackEvent;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.EnrichedKernelDrop;
import io.netsight.schema.v1.EnrichedTcpReset;
import io.netsight.schema.v1.IpBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The enrichment piece of {@code netsight streams}: every capture record gets, for each of its addresses, the holder
 * of that address at the record's own time.
 *
 * <pre>
 * identity.ip-bindings --index (ip-binding-index)--&gt; segments --toTable--&gt; ip-holders (versioned, retention)
 * capture.X --wrap--&gt; join side 1 on the record key --&gt; [re-key side n, repartition, join] ... --&gt; re-key --&gt; enriched.X
 * </pre>
 *
 * Each join is a stream/versioned-table join with a grace period: the capture record waits {@code enrich.grace} of
 * stream time in the join's buffer, then reads the table as of its own timestamp, so a binding published a little
 * late still applies. Sides other than the record key are re-keyed by their address and repartitioned explicitly
 * (a named topic each), because the table is partitioned by IP. Processor, store and topic names are fixed here so
 * that state stays compatible when pieces are added to the application.
 */
public final class EnrichmentTopology {

  /** Versioned store: IP -> holders possible in each segment of time; what joins and whois read. */
  public static final String HOLDERS_STORE = "ip-holders";
  /** Key-value store: IP -> every binding within history retention (the source of the segments). */
  public static final String INDEX_STORE = "ip-binding-index";

  private static final Serde<String> KEY = Serdes.String();
  private static final IpBindingListSerde HOLDERS = new IpBindingListSerde();

  private final EnrichmentConfig config;
  private final StreamsBuilder builder;
  private final KTable<String, List<IpBinding>> holders;

  private EnrichmentTopology(StreamsBuilder builder, EnrichmentConfig config) {
    this.builder = builder;
    this.config = config;
    this.holders = holdersTable();
  }

  /** Adds the bindings table and the enrichment of every configured capture topic to {@code builder}. */
  public static void addTo(StreamsBuilder builder, EnrichmentConfig config) {
    EnrichmentTopology t = new EnrichmentTopology(builder, config);
    List<String> inputs = config.inputs();
    if (inputs.contains("dns")) {
      t.dns();
    }
    if (inputs.contains("tcp-reset")) {
      t.tcpReset();
    }
    if (inputs.contains("conntrack")) {
      t.conntrack();
    }
    if (inputs.contains("kernel-drop")) {
      t.kernelDrop();
    }
  }

  private KTable<String, List<IpBinding>> holdersTable() {
    Duration retention = config.historyRetention();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE), KEY, HOLDERS));
    return builder
        .stream(Topics.IDENTITY_IP_BINDINGS.name(), Consumed.with(KEY, Topics.IDENTITY_IP_BINDINGS.valueSerde())
            .withName("identity-ip-bindings-source"))
        // Tombstones go through too: they end a binding whose release record was lost.
        .processValues(() -> new IpHistoryIndexer(retention), Named.as("ip-history-indexer"), INDEX_STORE)
        // Each segment is put at its own start time; the versioned store keeps them all for the retention.
        .toTable(Named.as("ip-holders-table"), Materialized.<String, List<IpBinding>>as(
                Stores.persistentVersionedKeyValueStore(HOLDERS_STORE, retention))
            .withKeySerde(KEY).withValueSerde(HOLDERS));
  }

  private void dns() {
    Serde<EnrichedDnsTransaction> serde = AvroSerde.of(EnrichedDnsTransaction.class);
    KStream<String, EnrichedDnsTransaction> s = source(Topics.CAPTURE_DNS, "dns")
        .mapValues(t -> EnrichedDnsTransaction.newBuilder().setTransaction(t)
            .setClient(pending(t.getClientIp())).setServer(pending(t.getServerIp()))
            .setBackend(t.getBackendIp() == null ? null : pending(t.getBackendIp())).build(), Named.as("dns-wrap"));
    Function<EnrichedDnsTransaction, Instant> time = e -> e.getTransaction().getTimestamp();
    s = side(s, "dns", "client", false, serde, time, e -> e.getTransaction().getClientIp(),
        (e, a) -> {
          e.setClient(a);
          return e;
        });
    s = side(s, "dns", "server", true, serde, time, e -> e.getTransaction().getServerIp(),
        (e, a) -> {
          e.setServer(a);
          return e;
        });
    s = side(s, "dns", "backend", true, serde, time, e -> e.getTransaction().getBackendIp(),
        (e, a) -> {
          e.setBackend(a);
          return e;
        });
    Map<String, Function<EnrichedDnsTransaction, Attribution>> sides = new LinkedHashMap<>();
    sides.put("client", EnrichedDnsTransaction::getClient);
    sides.put("server", EnrichedDnsTransaction::getServer);
    sides.put("backend", EnrichedDnsTransaction::getBackend);
    sink(s, "dns", Topics.ENRICHED_DNS, e -> e.getTransaction().getClientIp(), e -> e.getTransaction().getNode(),
        sides);
  }

  private void tcpReset() {
    Serde<EnrichedTcpReset> serde = AvroSerde.of(EnrichedTcpReset.class);
    KStream<String, EnrichedTcpReset> s = source(Topics.CAPTURE_TCP_RESET, "tcp-reset")
        .mapValues(r -> EnrichedTcpReset.newBuilder().setReset(r).setSender(pending(r.getSenderIp()))
            .setReceiver(pending(r.getReceiverIp())).build(), Named.as("tcp-reset-wrap"));
    Function<EnrichedTcpReset, Instant> time = e -> e.getReset().getTimestamp();
    s = side(s, "tcp-reset", "sender", false, serde, time, e -> e.getReset().getSenderIp(),
        (e, a) -> {
          e.setSender(a);
          return e;
        });
    s = side(s, "tcp-reset", "receiver", true, serde, time, e -> e.getReset().getReceiverIp(),
        (e, a) -> {
          e.setReceiver(a);
          return e;
        });
    Map<String, Function<EnrichedTcpReset, Attribution>> sides = new LinkedHashMap<>();
    sides.put("sender", EnrichedTcpReset::getSender);
    sides.put("receiver", EnrichedTcpReset::getReceiver);
    sink(s, "tcp-reset", Topics.ENRICHED_TCP_RESET, e -> e.getReset().getSenderIp(), e -> e.getReset().getNode(),
        sides);
  }

  private void conntrack() {
    Serde<EnrichedConntrackEvent> serde = AvroSerde.of(EnrichedConntrackEvent.class);
    KStream<String, EnrichedConntrackEvent> s = source(Topics.CAPTURE_CONNTRACK, "conntrack")
        .mapValues(c -> EnrichedConntrackEvent.newBuilder().setEvent(c)
            .setOriginalSource(pending(c.getOriginal().getSrcIp()))
            .setOriginalDestination(pending(c.getOriginal().getDstIp()))
            .setReplySource(pending(c.getReply().getSrcIp())).build(), Named.as("conntrack-wrap"));
    Function<EnrichedConntrackEvent, Instant> time = e -> e.getEvent().getTimestamp();
    s = side(s, "conntrack", "original-source", false, serde, time, e -> e.getEvent().getOriginal().getSrcIp(),
        (e, a) -> {
          e.setOriginalSource(a);
          return e;
        });
    s = side(s, "conntrack", "original-destination", true, serde, time,
        e -> e.getEvent().getOriginal().getDstIp(),
        (e, a) -> {
          e.setOriginalDestination(a);
          return e;
        });
    s = side(s, "conntrack", "reply-source", true, serde, time, e -> e.getEvent().getReply().getSrcIp(),
        (e, a) -> {
          e.setReplySource(a);
          return e;
        });
    Map<String, Function<EnrichedConntrackEvent, Attribution>> sides = new LinkedHashMap<>();
    sides.put("original-source", EnrichedConntrackEvent::getOriginalSource);
    sides.put("original-destination", EnrichedConntrackEvent::getOriginalDestination);
    sides.put("reply-source", EnrichedConntrackEvent::getReplySource);
    sink(s, "conntrack", Topics.ENRICHED_CONNTRACK, e -> e.getEvent().getOriginal().getSrcIp(),
        e -> e.getEvent().getNode(), sides);
  }

  private void kernelDrop() {
    Serde<EnrichedKernelDrop> serde = AvroSerde.of(EnrichedKernelDrop.class);
    KStream<String, EnrichedKernelDrop> s = source(Topics.CAPTURE_KERNEL_DROP, "kernel-drop")
        .mapValues(d -> EnrichedKernelDrop.newBuilder().setDrop(d).setSource(pending(d.getSrcIp()))
            .setDestination(pending(d.getDstIp())).build(), Named.as("kernel-drop-wrap"));
    Function<EnrichedKernelDrop, Instant> time = e -> e.getDrop().getTimestamp();
    s = side(s, "kernel-drop", "source", false, serde, time, e -> e.getDrop().getSrcIp(),
        (e, a) -> {
          e.setSource(a);
          return e;
        });
    s = side(s, "kernel-drop", "destination", true, serde, time, e -> e.getDrop().getDstIp(),
        (e, a) -> {
          e.setDestination(a);
          return e;
        });
    Map<String, Function<EnrichedKernelDrop, Attribution>> sides = new LinkedHashMap<>();
    sides.put("source", EnrichedKernelDrop::getSource);
    sides.put("destination", EnrichedKernelDrop::getDestination);
    sink(s, "kernel-drop", Topics.ENRICHED_KERNEL_DROP, e -> e.getDrop().getSrcIp(), e -> e.getDrop().getNode(),
        sides);
  }

  private <V> KStream<String, V> source(TopicSpec<String, V> topic, String name) {
    return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
        .withName("capture-" + name + "-source"));
  }

  /**
   * Looks up one address of the record: on the record's key as it is ({@code rekey} false: the capture topic is
   * keyed by that address), or after re-keying by the address and repartitioning through a named topic. Records
   * without this address (an optional side) pass by the join. {@code set} writes the attribution into the record
   * itself rather than into a copy (a builder copy deep-copies the whole record, per address): every value reaching
   * a joiner was just deserialized or built by the wrap step, and nothing else holds it.
   */
  private <E extends SpecificRecord> KStream<String, E> side(KStream<String, E> in, String stream, String side,
      boolean rekey, Serde<E> serde, Function<E, Instant> time, Function<E, String> ip,
      BiFunction<E, Attribution, E> set) {
    String prefix = stream + "-" + side;
    Joined<String, E, List<IpBinding>> joined = Joined.with(KEY, serde, HOLDERS, prefix + "-join", config.grace());
    if (!rekey) {
      return in.leftJoin(holders, (key, e, h) -> set.apply(e, attribute(ip.apply(e), h, time.apply(e))), joined);
    }
    Map<String, KStream<String, E>> branches = in.split(Named.as(prefix + "-"))
        .branch((k, e) -> ip.apply(e) != null, Branched.as("present"))
        .defaultBranch(Branched.as("absent"));
    KStream<String, E> joinedSide = branches.get(prefix + "-present")
        .selectKey((k, e) -> ip.apply(e), Named.as(prefix + "-rekey"))
        // The table is partitioned by IP: bring each record to the partition that holds this address.
        .repartition(Repartitioned.<String, E>as("enrich-" + prefix + "-by-ip").withKeySerde(KEY)
            .withValueSerde(serde))
        .leftJoin(holders, (key, e, h) -> set.apply(e, attribute(ip.apply(e), h, time.apply(e))), joined);
    return joinedSide.merge(branches.get(prefix + "-absent"), Named.as(prefix + "-merge"));
  }

  private <E> void sink(KStream<String, E> s, String stream, TopicSpec<String, E> out, Function<E, String> key,
      Function<E, String> node, Map<String, Function<E, Attribution>> sides) {
    s.processValues(() -> new AttributionMetrics<>(stream, node, sides), Named.as(stream + "-attribution-metrics"))
        // Output keeps the capture topic's key, so a consumer of enriched.X partitions like capture.X.
        .selectKey((k, e) -> key.apply(e), Named.as(stream + "-key-out"))
        .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("enriched-" + stream + "-sink"));
  }

  static Attribution attribute(String ip, List<IpBinding> holders, Instant at) {
    return IpHistory.attribute(ip, holders == null ? List.of() : holders, Micros.of(at));
  }

  private static Attribution pending(String ip) {
    return Attribution.newBuilder().setIp(ip).setStatus(AttributionStatus.UNKNOWN).setBinding(null)
        .setCandidates(new ArrayList<>()).build();
  }
}
