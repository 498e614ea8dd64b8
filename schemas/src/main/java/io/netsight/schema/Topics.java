package io.netsight.schema;

import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackStats;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedConntrackEvent;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.EnrichedKernelDrop;
import io.netsight.schema.v1.EnrichedTcpReset;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KubeProxySample;
import io.netsight.schema.v1.ServiceBinding;
import io.netsight.schema.v1.TcpReset;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed registry of every topic netsight reads or writes. Modules never spell a topic name: they take the
 * {@link TopicSpec} from here, with its serdes. Names follow {@code netsight.<stage>.<what>.v<n>}; a new version of a
 * topic is a new name, listed next to the old one until the old one is retired.
 */
public final class Topics {

  /** What every topic name must look like. */
  public static final Pattern NAME = Pattern.compile("netsight\\.[a-z]+(\\.[a-z0-9-]+)*\\.v[0-9]+");

  private static final Duration CAPTURE_RETENTION = Duration.ofDays(3);
  private static final Duration ENRICHED_RETENTION = Duration.ofDays(7);
  // Identity is time-versioned history: compaction would keep only the last owner of each IP, so bindings use
  // time-based retention and the identity publisher republishes live bindings well within it (every 6 h).
  private static final Duration IDENTITY_RETENTION = Duration.ofDays(2);
  private static final Duration FINDINGS_RETENTION = Duration.ofDays(30);
  private static final Duration DLQ_RETENTION = Duration.ofDays(14);

  private static final Serde<String> STRING = Serdes.String();
  private static final int CAPTURE_PARTITIONS = 6;

  public static final TopicSpec<String, DnsTransaction> CAPTURE_DNS = new TopicSpec<>(
      "netsight.capture.dns.v1", STRING, AvroSerde.of(DnsTransaction.class), CAPTURE_PARTITIONS, "delete",
      CAPTURE_RETENTION, "DNS transactions from the node agents, keyed by client IP");
  public static final TopicSpec<String, TcpReset> CAPTURE_TCP_RESET = new TopicSpec<>(
      "netsight.capture.tcp-reset.v1", STRING, AvroSerde.of(TcpReset.class), CAPTURE_PARTITIONS, "delete",
      CAPTURE_RETENTION, "TCP RST segments, keyed by sender IP");
  public static final TopicSpec<String, ConntrackEvent> CAPTURE_CONNTRACK = new TopicSpec<>(
      "netsight.capture.conntrack.v1", STRING, AvroSerde.of(ConntrackEvent.class), CAPTURE_PARTITIONS, "delete",
      CAPTURE_RETENTION, "conntrack NEW/UPDATE/DESTROY events, keyed by original source IP");
  public static final TopicSpec<String, ConntrackStats> CAPTURE_CONNTRACK_STATS = new TopicSpec<>(
      "netsight.capture.conntrack-stats.v1", STRING, AvroSerde.of(ConntrackStats.class), 1, "delete",
      CAPTURE_RETENTION, "/proc/net/stat/nf_conntrack samples, keyed by node");
  public static final TopicSpec<String, KernelDrop> CAPTURE_KERNEL_DROP = new TopicSpec<>(
      "netsight.capture.kernel-drop.v1", STRING, AvroSerde.of(KernelDrop.class), CAPTURE_PARTITIONS, "delete",
      CAPTURE_RETENTION, "netfilter LOG drop lines, keyed by source IP");
  public static final TopicSpec<String, KubeProxySample> CAPTURE_KUBE_PROXY = new TopicSpec<>(
      "netsight.capture.kube-proxy.v1", STRING, AvroSerde.of(KubeProxySample.class), 1, "delete",
      CAPTURE_RETENTION, "kube-proxy /metrics scrapes, keyed by node");

  public static final TopicSpec<String, IpBinding> IDENTITY_IP_BINDINGS = new TopicSpec<>(
      "netsight.identity.ip-bindings.v1", STRING, AvroSerde.of(IpBinding.class), CAPTURE_PARTITIONS, "delete",
      IDENTITY_RETENTION, "who held each IP from when to when, keyed by IP (tombstone on release)");
  public static final TopicSpec<String, ServiceBinding> IDENTITY_SERVICES = new TopicSpec<>(
      "netsight.identity.services.v1", STRING, AvroSerde.of(ServiceBinding.class), 1, "compact",
      null, "Service ports with appProtocol and ready backends, keyed by VIP:port/proto");

  public static final TopicSpec<String, EnrichedDnsTransaction> ENRICHED_DNS = new TopicSpec<>(
      "netsight.enriched.dns.v1", STRING, AvroSerde.of(EnrichedDnsTransaction.class), CAPTURE_PARTITIONS, "delete",
      ENRICHED_RETENTION, "DNS transactions with the pod that held each IP at that time");
  public static final TopicSpec<String, EnrichedTcpReset> ENRICHED_TCP_RESET = new TopicSpec<>(
      "netsight.enriched.tcp-reset.v1", STRING, AvroSerde.of(EnrichedTcpReset.class), CAPTURE_PARTITIONS, "delete",
      ENRICHED_RETENTION, "TCP resets with the owners of sender and receiver");
  public static final TopicSpec<String, EnrichedConntrackEvent> ENRICHED_CONNTRACK = new TopicSpec<>(
      "netsight.enriched.conntrack.v1", STRING, AvroSerde.of(EnrichedConntrackEvent.class), CAPTURE_PARTITIONS,
      "delete", ENRICHED_RETENTION, "conntrack events with client, Service and backend identities");
  public static final TopicSpec<String, EnrichedKernelDrop> ENRICHED_KERNEL_DROP = new TopicSpec<>(
      "netsight.enriched.kernel-drop.v1", STRING, AvroSerde.of(EnrichedKernelDrop.class), CAPTURE_PARTITIONS,
      "delete", ENRICHED_RETENTION, "policy drops with the owners of source and destination");

  public static final TopicSpec<String, Finding> FINDINGS = new TopicSpec<>(
      "netsight.findings.v1", STRING, AvroSerde.of(Finding.class), 3, "compact,delete",
      FINDINGS_RETENTION, "finding episodes, keyed by finding id (each revision replaces the last)");

  public static final TopicSpec<byte[], byte[]> DLQ_STREAMS = dlq("streams");
  public static final TopicSpec<byte[], byte[]> DLQ_SINK_ELASTICSEARCH = dlq("sink-es");
  public static final TopicSpec<byte[], byte[]> DLQ_SINK_EVENTS = dlq("sink-events");

  private static final List<TopicSpec<?, ?>> ALL = List.of(
      CAPTURE_DNS, CAPTURE_TCP_RESET, CAPTURE_CONNTRACK, CAPTURE_CONNTRACK_STATS, CAPTURE_KERNEL_DROP,
      CAPTURE_KUBE_PROXY, IDENTITY_IP_BINDINGS, IDENTITY_SERVICES, ENRICHED_DNS, ENRICHED_TCP_RESET,
      ENRICHED_CONNTRACK, ENRICHED_KERNEL_DROP, FINDINGS, DLQ_STREAMS, DLQ_SINK_ELASTICSEARCH, DLQ_SINK_EVENTS);

  private Topics() {
  }

  /** Every topic, in data-flow order. */
  public static List<TopicSpec<?, ?>> all() {
    return ALL;
  }

  /** The topic with this exact name, if it is one of ours. */
  public static Optional<TopicSpec<?, ?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** A dead-letter topic: original key and value bytes, headers naming the error and where the record came from. */
  private static TopicSpec<byte[], byte[]> dlq(String app) {
    return new TopicSpec<>("netsight.dlq." + app + ".v1", Serdes.ByteArray(), Serdes.ByteArray(), 1, "delete",
        DLQ_RETENTION, "records the " + app + " stage could not process, with error headers");
  }
}
