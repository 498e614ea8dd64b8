package io.netsight.ingest.metrics;

import io.netsight.ingest.packet.Rejection;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The agent's packet-path metrics, in one Prometheus registry per agent (or replay) so that several can live in one
 * JVM. Data points are resolved once: the hot path increments a held {@link CounterDataPoint} (a LongAdder), never
 * looks a label up.
 */
public final class IngestMetrics {

  private final PrometheusRegistry registry;
  private final Counter packets;
  private final Counter rejected;
  private final Counter dnsMessages;
  private final Counter dnsTransactions;
  private final Counter dnsAnswers;
  private final Counter dnsEvents;
  private final Counter tcpResets;

  public final CounterDataPoint packetsCaptured;
  public final CounterDataPoint packetsDecoded;
  private final CounterDataPoint[] rejections = new CounterDataPoint[Rejection.values().length];
  public final CounterDataPoint dnsQueries;
  public final CounterDataPoint dnsResponses;
  public final CounterDataPoint transactionsAnswered;
  public final CounterDataPoint transactionsTimedOut;
  public final CounterDataPoint transactionsUnknown;
  public final CounterDataPoint dnsRetransmissions;
  public final CounterDataPoint dnsDuplicateCopies;
  public final CounterDataPoint dnsUnmatchedResponses;
  public final CounterDataPoint dnsPendingEvicted;
  public final CounterDataPoint resets;
  private final ConcurrentHashMap<String, CounterDataPoint> answerTypes = new ConcurrentHashMap<>();
  private volatile int dnsPending;

  public IngestMetrics() {
    this(new PrometheusRegistry());
  }

  public IngestMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    packets = Counter.builder().withoutExemplars().name("netsight_packets_total")
        .help("Packets the capture handed to the agent (captured) and those decoded down to TCP/UDP (decoded).")
        .labelNames("stage").register(registry);
    packetsCaptured = packets.labelValues("captured");
    packetsDecoded = packets.labelValues("decoded");
    rejected = Counter.builder().withoutExemplars().name("netsight_packets_rejected_total")
        .help("Packets, DNS messages and capture-file records not turned into records, by reason.")
        .labelNames("reason").register(registry);
    for (Rejection r : Rejection.values()) {
      rejections[r.ordinal()] = rejected.labelValues(r.label());
    }
    dnsMessages = Counter.builder().withoutExemplars().name("netsight_dns_messages_total")
        .help("DNS messages decoded, every captured copy counted.").labelNames("kind").register(registry);
    dnsQueries = dnsMessages.labelValues("query");
    dnsResponses = dnsMessages.labelValues("response");
    dnsTransactions = Counter.builder().withoutExemplars().name("netsight_dns_transactions_total")
        .help("DNS transactions emitted: answered (paired), timeout (no response within dns.timeout.ms), unknown "
            + "(the capture ended before either).")
        .labelNames("outcome").register(registry);
    transactionsAnswered = dnsTransactions.labelValues("answered");
    transactionsTimedOut = dnsTransactions.labelValues("timeout");
    transactionsUnknown = dnsTransactions.labelValues("unknown");
    dnsAnswers = Counter.builder().withoutExemplars().name("netsight_dns_answers_total")
        .help("Answer records of emitted transactions by type (A, AAAA and CNAME are decoded, the rest counted).")
        .labelNames("type").register(registry);
    dnsEvents = Counter.builder().withoutExemplars().name("netsight_dns_pairing_events_total")
        .help("Pairing events: retransmission (the client re-sent a query), duplicate_copy (the same message seen "
            + "again, e.g. before and after the ClusterIP DNAT), unmatched_response, pending_evicted (the pending "
            + "map was full).")
        .labelNames("event").register(registry);
    dnsRetransmissions = dnsEvents.labelValues("retransmission");
    dnsDuplicateCopies = dnsEvents.labelValues("duplicate_copy");
    dnsUnmatchedResponses = dnsEvents.labelValues("unmatched_response");
    dnsPendingEvicted = dnsEvents.labelValues("pending_evicted");
    GaugeWithCallback.builder().name("netsight_dns_pending")
        .help("DNS queries waiting for a response (or for their DNAT twin).")
        .callback(cb -> cb.call(dnsPending)).register(registry);
    tcpResets = Counter.builder().withoutExemplars().name("netsight_tcp_resets_total").help("TCP RST segments turned into records.")
        .register(registry);
    resets = tcpResets;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void reject(Rejection reason) {
    rejections[reason.ordinal()].inc();
  }

  public long rejected(Rejection reason) {
    return (long) rejections[reason.ordinal()].get();
  }

  public long rejectedTotal() {
    long sum = 0;
    for (CounterDataPoint c : rejections) {
      sum += (long) c.get();
    }
    return sum;
  }

  public void answerType(String mnemonic) {
    answerTypes.computeIfAbsent(mnemonic, dnsAnswers::labelValues).inc();
  }

  public long answers(String mnemonic) {
    CounterDataPoint c = answerTypes.get(mnemonic);
    return c == null ? 0 : (long) c.get();
  }

  public void dnsPending(int pending) {
    this.dnsPending = pending;
  }

  /**
   * Registers a gauge read at scrape time (queue depth, Kafka up). Registering a name again (a restarted source)
   * replaces the supplier.
   */
  public void gauge(String name, String help, DoubleSupplier value) {
    callback(name, value, ref -> GaugeWithCallback.builder().name(name).help(help)
        .callback(cb -> cb.call(ref.get().getAsDouble())).register(registry));
  }

  /** Registers a counter read at scrape time (libpcap's own counters); registering again replaces the supplier. */
  public void counter(String name, String help, DoubleSupplier value) {
    callback(name, value, ref -> io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name(name)
        .help(help).callback(cb -> cb.call(ref.get().getAsDouble())).register(registry));
  }

  private void callback(String name, DoubleSupplier value,
      java.util.function.Consumer<java.util.concurrent.atomic.AtomicReference<DoubleSupplier>> register) {
    boolean[] created = {false};
    var ref = callbacks.computeIfAbsent(name, n -> {
      created[0] = true;
      return new java.util.concurrent.atomic.AtomicReference<>(value);
    });
    ref.set(value);
    if (created[0]) {
      register.accept(ref);
    }
  }

  private final ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicReference<DoubleSupplier>> callbacks =
      new ConcurrentHashMap<>();

  /** A new labelled counter in this registry (for sources and the publisher). */
  public Counter newCounter(String name, String help, String... labelNames) {
    return Counter.builder().withoutExemplars().name(name).help(help).labelNames(labelNames).register(registry);
  }
}
