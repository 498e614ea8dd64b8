package io.netsight.streams.errors;

import static io.netsight.streams.testing.DnsTraffic.deploymentPod;
import static io.netsight.streams.testing.DnsTraffic.lookup;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.Topics;
import io.netsight.schema.v1.Finding;
import io.netsight.streams.ndots.NdotsConfig;
import io.netsight.streams.testing.DetectorHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsErrorHandlingTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir
  Path stateDir;

  @Test
  void recordThatIsNotAvroGoesToTheDeadLetterTopicAndProcessingContinues() {
    try (DetectorHarness h = new DetectorHarness(stateDir,
        DetectorHarness.config(NdotsConfig.MIN_WASTED_QUERIES, "1"))) {
      byte[] key = "10.244.1.7".getBytes(StandardCharsets.UTF_8);
      byte[] garbage = "{\"qname\": \"not avro\"}".getBytes(StandardCharsets.UTF_8);
      h.sendBytes(key, garbage, T0);

      // The detector still works after the bad record.
      h.send(lookup(deploymentPod("default", "web", "web-1", "10.244.1.7", "node-a"), T0.plusSeconds(5),
          "api.example.com", Set.of("api.example.com"), Set.of()));
      h.advanceTo(T0.plusSeconds(90));
      List<Finding> findings = h.findings();
      assertThat(findings).hasSize(1);
      assertThat(findings.get(0).getMetrics()).containsEntry("wasted", 6.0);

      List<TestRecord<byte[], byte[]>> dead = h.dlq().readRecordsToList();
      assertThat(dead).hasSize(1);
      TestRecord<byte[], byte[]> d = dead.get(0);
      assertThat(d.key()).isEqualTo(key);
      assertThat(d.value()).isEqualTo(garbage);
      assertThat(header(d, "__streams.errors.exception")).isEqualTo(
          "org.apache.kafka.common.errors.SerializationException");
      assertThat(header(d, "__streams.errors.message")).contains("is not an Avro single-object encoded "
          + "EnrichedDnsTransaction");
      assertThat(header(d, "__streams.errors.topic")).isEqualTo(Topics.ENRICHED_DNS.name());
      assertThat(header(d, "__streams.errors.partition")).isEqualTo("0");
      assertThat(header(d, "__streams.errors.offset")).isEqualTo("0");
    }
  }

  @Test
  void recordWhoseProcessingThrowsGoesToTheDeadLetterTopicAndProcessingContinues() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "netsight-streams-errors-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putAll(StreamsErrorHandling.config());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in"))
        .mapValues(v -> Integer.toString(Integer.parseInt(v) * 2), Named.as("double"))
        .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("out"));
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(),
          Serdes.String().serializer());
      TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
          Serdes.String().deserializer());
      TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(Topics.DLQ_STREAMS.name(),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());

      in.pipeInput("a", "21");
      in.pipeInput("b", "twenty-one");
      in.pipeInput("c", "4");

      assertThat(out.readValuesToList()).containsExactly("42", "8");
      TestRecord<byte[], byte[]> d = dlq.readRecord();
      assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("twenty-one");
      assertThat(header(d, "__streams.errors.exception")).isEqualTo("java.lang.NumberFormatException");
      assertThat(header(d, "__streams.errors.topic")).isEqualTo("in");
      assertThat(header(d, "__streams.errors.offset")).isEqualTo("1");
      assertThat(dlq.isEmpty()).isTrue();
    }
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    assertThat(h).as("header " + name).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }
}
