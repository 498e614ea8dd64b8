package io.netsight.streams.testing;

import io.netsight.schema.Topics;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.Finding;
import io.netsight.streams.detect.Detectors;
import io.netsight.streams.errors.StreamsErrorHandling;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production detector topology ({@link Detectors#addEnabled}) with the production error handling
 * ({@link StreamsErrorHandling#config()}), in a {@link TopologyTestDriver}, with explicit naming of every internal
 * topic and store enforced.
 */
public final class DetectorHarness implements AutoCloseable {

  /** A pod whose lookups never waste a query: its traffic only moves stream time forward. */
  public static final io.netsight.schema.v1.IpBinding TICKER =
      DnsTraffic.deploymentPod("netsight-test", "ticker", "ticker-5d8f9-abcde", "10.244.9.9", "node-z");

  public final TopologyTestDriver driver;
  public final Topology topology;
  private final TestInputTopic<String, EnrichedDnsTransaction> enriched;
  private final TestInputTopic<byte[], byte[]> enrichedBytes;
  private final TestOutputTopic<String, Finding> findings;

  public DetectorHarness(Path stateDir, Map<String, String> detectorConfig) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "netsight-streams-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.putAll(StreamsErrorHandling.config());
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    Detectors.addEnabled(builder, detectorConfig);
    topology = builder.build(props);
    driver = new TopologyTestDriver(topology, props);
    enriched = driver.createInputTopic(Topics.ENRICHED_DNS.name(), Topics.ENRICHED_DNS.keySerde().serializer(),
        Topics.ENRICHED_DNS.valueSerde().serializer());
    enrichedBytes = driver.createInputTopic(Topics.ENRICHED_DNS.name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    findings = driver.createOutputTopic(Topics.FINDINGS.name(), Topics.FINDINGS.keySerde().deserializer(),
        Topics.FINDINGS.valueSerde().deserializer());
  }

  /** Detector config with overrides on top of the defaults. */
  public static Map<String, String> config(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** Pipes transactions, keyed by client IP, at their event time. */
  public void send(List<EnrichedDnsTransaction> txs) {
    for (EnrichedDnsTransaction t : txs) {
      enriched.pipeInput(t.getTransaction().getClientIp(), t, t.getTransaction().getTimestamp());
    }
  }

  public void sendBytes(byte[] key, byte[] value, Instant at) {
    enrichedBytes.pipeInput(key, value, at);
  }

  /** Moves stream time to {@code at} with one harmless lookup (a trailing-dot name that exists). */
  public void advanceTo(Instant at) {
    send(List.of(DnsTraffic.tx(TICKER, at, "tick.example.org", "A", io.netsight.schema.v1.DnsRcode.NOERROR, true)));
  }

  /** Every finding revision written so far (and not read before), in order. */
  public List<Finding> findings() {
    List<Finding> out = new ArrayList<>();
    for (TestRecord<String, Finding> r : findings.readRecordsToList()) {
      if (!r.key().equals(r.value().getFindingId())) {
        throw new AssertionError("finding keyed by " + r.key() + " but its id is " + r.value().getFindingId());
      }
      if (r.getRecordTime().toEpochMilli() != r.value().getTimestamp().toEpochMilli()) {
        throw new AssertionError("record time " + r.getRecordTime() + " is not the finding's " + r.value()
            .getTimestamp());
      }
      out.add(r.value());
    }
    return out;
  }

  public TestOutputTopic<byte[], byte[]> dlq() {
    return driver.createOutputTopic(Topics.DLQ_STREAMS.name(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  @Override
  public void close() {
    driver.close();
  }
}
