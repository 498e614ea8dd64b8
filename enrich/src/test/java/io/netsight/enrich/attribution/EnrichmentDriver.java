package io.netsight.enrich.attribution;

import io.netsight.schema.Topics;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The production enrichment topology in a TopologyTestDriver, with helpers to pipe bindings and DNS records. */
final class EnrichmentDriver implements AutoCloseable {

  static {
    // Avro only builds nested records of trusted packages; the netsight serde trusts ours when it loads.
    io.netsight.schema.Topics.all();
  }

  static final String FLUSH_QNAME = "flush.netsight.invalid";

  final TopologyTestDriver driver;
  final TestInputTopic<String, IpBinding> bindings;
  final TestInputTopic<String, DnsTransaction> dns;
  final TestOutputTopic<String, EnrichedDnsTransaction> enrichedDns;
  private final Duration grace;
  private Instant latest = Instant.EPOCH;

  EnrichmentDriver(Map<String, String> config) {
    EnrichmentConfig cfg = new EnrichmentConfig(config);
    this.grace = cfg.grace();
    StreamsBuilder builder = new StreamsBuilder();
    EnrichmentTopology.addTo(builder, cfg);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try {
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("enrich-ttd-").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    driver = new TopologyTestDriver(builder.build(), props);
    bindings = driver.createInputTopic(Topics.IDENTITY_IP_BINDINGS.name(),
        Topics.IDENTITY_IP_BINDINGS.keySerde().serializer(), Topics.IDENTITY_IP_BINDINGS.valueSerde().serializer());
    dns = driver.createInputTopic(Topics.CAPTURE_DNS.name(), Topics.CAPTURE_DNS.keySerde().serializer(),
        Topics.CAPTURE_DNS.valueSerde().serializer());
    enrichedDns = driver.createOutputTopic(Topics.ENRICHED_DNS.name(), Topics.ENRICHED_DNS.keySerde().deserializer(),
        Topics.ENRICHED_DNS.valueSerde().deserializer());
  }

  void binding(IpBinding b) {
    bindings.pipeInput(b.getIp(), b, b.getTimestamp());
    note(b.getTimestamp());
  }

  void tombstone(String ip, Instant at) {
    bindings.pipeInput(ip, null, at);
    note(at);
  }

  void dns(DnsTransaction t) {
    dns.pipeInput(t.getClientIp(), t, t.getTimestamp());
    note(t.getTimestamp());
  }

  /**
   * Moves stream time far enough past the last record that every join buffer on the way (one per address looked up)
   * has released its records: one marker record per join stage, each two grace periods later.
   */
  List<EnrichedDnsTransaction> flushDns() {
    Instant t = latest;
    for (int i = 0; i < 4; i++) {
      t = t.plus(grace.multipliedBy(2)).plusSeconds(1);
      dns.pipeInput("192.0.2.255", dns("192.0.2.255", "192.0.2.254", "192.0.2.253", t, FLUSH_QNAME, i), t);
    }
    latest = t;
    return enrichedDns.readValuesToList().stream()
        .filter(e -> !FLUSH_QNAME.equals(e.getTransaction().getQname())).toList();
  }

  static DnsTransaction dns(String client, String server, String backend, Instant at, String qname, int id) {
    return DnsTransaction.newBuilder()
        .setNode("node-a")
        .setTimestamp(at)
        .setClientIp(client)
        .setClientPort(40000 + (id % 20000))
        .setServerIp(server)
        .setServerPort(53)
        .setBackendIp(backend)
        .setBackendPort(backend == null ? null : 53)
        .setTransport(Transport.UDP)
        .setDnsId(id & 0xffff)
        .setQname(qname)
        .setQtype("A")
        .setOutcome(DnsOutcome.TIMEOUT)
        .build();
  }

  private void note(Instant t) {
    if (t.isAfter(latest)) {
      latest = t;
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
