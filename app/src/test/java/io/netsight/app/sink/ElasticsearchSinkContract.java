package io.netsight.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsight.app.NetsightCommand;
import io.netsight.app.kafka.EmbeddedKafka;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.EnrichedKernelDrop;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.Severity;
import io.netsight.sinks.elasticsearch.ElasticsearchClient;
import io.netsight.sinks.elasticsearch.ElasticsearchSink;
import io.netsight.sinks.elasticsearch.ElasticsearchSinkConfig;
import io.netsight.sinks.elasticsearch.SinkReport;
import io.netsight.sinks.testing.ElasticsearchServer;
import io.netsight.sinks.testing.SinkFixtures;
import java.io.PrintWriter;
import picocli.CommandLine;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sink end to end: records on the in-JVM Kafka broker, the real sink, the real Elasticsearch. One broker and one
 * Elasticsearch per class (the {@code ElasticsearchSink*IT} classes pick the Elasticsearch line). Tests share the
 * topics, so each one marks its records (finding id prefix, capture node) and counts only those.
 *
 * <p>Kafka record timestamps are the send time, not the fixtures' event time, so the topics' time-based retention
 * never removes a record during the test whatever day it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ElasticsearchSinkContract {

  private EmbeddedKafka kafka;
  private ElasticsearchServer es;
  private ElasticsearchClient client;
  private KafkaProducer<byte[], byte[]> producer;

  abstract ElasticsearchServer.Line line();

  @BeforeAll
  void start() {
    line().assumeAvailable();
    es = ElasticsearchServer.start(line());
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Topics.all());
    client = ElasticsearchClient.create(new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.URL, es.url())));
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (es != null) {
      es.close();
    }
  }

  private Map<String, String> settings(String group) {
    Map<String, String> s = new HashMap<>();
    s.put(ElasticsearchSinkConfig.URL, es.url());
    s.put(ElasticsearchSinkConfig.GROUP_ID, group);
    s.put(ElasticsearchSinkConfig.EVIDENCE_ENABLED, "true");
    s.put(ElasticsearchSinkConfig.IP_BINDINGS_ENABLED, "true");
    s.put(ElasticsearchSinkConfig.BULK_MAX_ACTIONS, "100");
    s.put(ElasticsearchSinkConfig.FLUSH_INTERVAL_MS, "200");
    return s;
  }

  private <V> RecordMetadata send(TopicSpec<String, V> topic, String key, V value) throws Exception {
    byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
    return sendBytes(topic.name(), key, bytes);
  }

  private RecordMetadata sendBytes(String topic, String key, byte[] value) throws Exception {
    return producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
        key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  private long count(String index, String query) throws Exception {
    client.refresh("netsight-*");
    return client.request("POST", "/" + index + "/_count", query).path("count").asLong();
  }

  private static String term(String field, String value) {
    return "{\"query\":{\"term\":{\"" + field + "\":\"" + value + "\"}}}";
  }

  private static String prefix(String field, String value) {
    return "{\"query\":{\"prefix\":{\"" + field + "\":\"" + value + "\"}}}";
  }

  private static EnrichedDnsTransaction dnsOn(String node, int n) {
    EnrichedDnsTransaction e = SinkFixtures.dns(n);
    return EnrichedDnsTransaction.newBuilder(e)
        .setTransaction(DnsTransaction.newBuilder(e.getTransaction()).setNode(node).build()).build();
  }

  @Test
  void findingsFromTheBrokerLandOncePerEpisodeAtTheirLatestRevision() throws Exception {
    String a = "t-episodes/ndots/shop/Deployment/checkout/1";
    String b = "t-episodes/ndots/shop/Deployment/cart/1";
    for (int rev = 1; rev <= 4; rev++) {
      send(Topics.FINDINGS, a, SinkFixtures.ndotsFinding(a, rev, rev == 4 ? FindingStatus.RESOLVED
          : FindingStatus.OPEN, Severity.MEDIUM));
    }
    send(Topics.FINDINGS, b, SinkFixtures.ndotsFinding(b, 1, FindingStatus.OPEN, Severity.LOW));
    // A detector restarted from an old state re-emits revision 2 of episode a after revision 4.
    send(Topics.FINDINGS, a, SinkFixtures.ndotsFinding(a, 2, FindingStatus.OPEN, Severity.MEDIUM));

    SinkReport report = ElasticsearchExport.write(kafka.bootstrapServers(), settings("g-episodes-" + UUID.randomUUID()),
        Duration.ofMinutes(2));

    assertThat(count("netsight-findings", prefix("netsight.finding.id", "t-episodes/"))).isEqualTo(2);
    JsonNode doc = client.request("POST", "/netsight-findings/_search", term("netsight.finding.id", a))
        .path("hits").path("hits").get(0).path("_source");
    assertThat(doc.path("netsight").path("finding").path("revision").asInt()).isEqualTo(4);
    assertThat(doc.path("netsight").path("finding").path("status").asText()).isEqualTo("RESOLVED");
    assertThat(doc.path("rule").path("name").asText()).isEqualTo("NDOTS_AMPLIFICATION");
    assertThat(doc.path("kubernetes").path("namespace").asText()).isEqualTo("shop");
    assertThat(report.superseded()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void replayingTheSameOffsetsWritesNoDuplicates() throws Exception {
    String node = "node-replay";
    for (int i = 0; i < 300; i++) {
      send(Topics.ENRICHED_DNS, SinkFixtures.REUSED_IP, dnsOn(node, i));
    }
    String f = "t-replay/ndots/1";
    send(Topics.FINDINGS, f, SinkFixtures.ndotsFinding(f, 1, FindingStatus.OPEN, Severity.LOW));
    String group = "g-replay-" + UUID.randomUUID();

    SinkReport first = ElasticsearchExport.write(kafka.bootstrapServers(), settings(group), Duration.ofMinutes(2));
    long dnsBefore = count("netsight-dns-*", term("observer.hostname", node));
    long findingsBefore = count("netsight-findings", prefix("netsight.finding.id", "t-replay/"));
    // Rewind the group to the start of every partition, as after a crash before the commit.
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> rewind = new HashMap<>();
      for (String topic : ElasticsearchSink.create(new ElasticsearchSinkConfig(settings(group))).topics()) {
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
            .forEach(p -> rewind.put(new TopicPartition(topic, p.partition()), new OffsetAndMetadata(0)));
      }
      admin.alterConsumerGroupOffsets(group, rewind).all().get();
    }
    SinkReport second = ElasticsearchExport.write(kafka.bootstrapServers(), settings(group), Duration.ofMinutes(2));

    assertThat(dnsBefore).isEqualTo(300);
    assertThat(findingsBefore).isEqualTo(1);
    assertThat(second.consumed()).isEqualTo(first.consumed()).isGreaterThanOrEqualTo(301);
    assertThat(count("netsight-dns-*", term("observer.hostname", node))).isEqualTo(300);
    assertThat(count("netsight-findings", prefix("netsight.finding.id", "t-replay/"))).isEqualTo(1);
  }

  @Test
  void elasticsearchStoppedMidStreamAndRestartedLosesNothing() throws Exception {
    String node = "node-outage";
    Map<String, String> s = settings("g-outage-" + UUID.randomUUID());
    s.put(ElasticsearchSinkConfig.BULK_MAX_ACTIONS, "50");
    s.put(ElasticsearchSinkConfig.RETRY_MAX, "60");
    s.put(ElasticsearchSinkConfig.RETRY_BACKOFF_MS, "200");
    s.put(ElasticsearchSinkConfig.RETRY_BACKOFF_MAX_MS, "2000");
    s.put(ElasticsearchSinkConfig.REQUEST_TIMEOUT_MS, "5000");
    s.put(ElasticsearchSinkConfig.CONNECT_TIMEOUT_MS, "1000");
    s.put(ElasticsearchSinkConfig.KAFKA_PREFIX + "bootstrap.servers", kafka.bootstrapServers());
    try (ElasticsearchSink sink = ElasticsearchSink.create(new ElasticsearchSinkConfig(s))) {
      sink.start();
      for (int i = 0; i < 500; i++) {
        send(Topics.ENRICHED_DNS, SinkFixtures.REUSED_IP, dnsOn(node, i));
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> count("netsight-dns-*", term("observer.hostname", node))
          >= 100);

      es.stop();
      try {
        for (int i = 500; i < 1000; i++) {
          send(Topics.ENRICHED_DNS, SinkFixtures.REUSED_IP, dnsOn(node, i));
        }
        long retriesBefore = sink.report().retries();
        await().atMost(Duration.ofMinutes(1)).until(() -> sink.report().retries() > retriesBefore);
        assertThat(sink.healthy()).isTrue();
      } finally {
        es.start();
      }

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
          .until(() -> count("netsight-dns-*", term("observer.hostname", node)) >= 1000);
      assertThat(count("netsight-dns-*", term("observer.hostname", node))).isEqualTo(1000);
      assertThat(sink.healthy()).isTrue();
    }
  }

  @Test
  void aDocumentTheMappingRefusesGoesToTheDeadLetterTopicAndTheRestOfItsBatchIsIndexed() throws Exception {
    String node = "node-dlq";
    RecordMetadata bad = null;
    for (int i = 0; i < 5; i++) {
      EnrichedKernelDrop d = SinkFixtures.kernelDrop(i, SinkFixtures.REUSED_IP);
      KernelDrop.Builder drop = KernelDrop.newBuilder(d.getDrop()).setNode(node);
      if (i == 2) {
        drop.setSrcIp("10.244.1.300"); // what a parser bug would produce: not an address
      }
      RecordMetadata m = send(Topics.ENRICHED_KERNEL_DROP, d.getDrop().getSrcIp(),
          EnrichedKernelDrop.newBuilder(d).setDrop(drop.build()).build());
      if (i == 2) {
        bad = m;
      }
    }
    RecordMetadata garbage = sendBytes(Topics.FINDINGS.name(), "t-dlq/garbage", "not avro".getBytes(
        StandardCharsets.UTF_8));

    SinkReport report = ElasticsearchExport.write(kafka.bootstrapServers(), settings("g-dlq-" + UUID.randomUUID()),
        Duration.ofMinutes(2));

    assertThat(count("netsight-kernel-drop-*", term("observer.hostname", node))).isEqualTo(4);
    assertThat(report.deadLettered()).isGreaterThanOrEqualTo(2);
    String refusedKey = bad.topic() + "/" + bad.partition() + "/" + bad.offset();
    String garbageKey = garbage.topic() + "/" + garbage.partition() + "/" + garbage.offset();
    Map<String, ConsumerRecord<byte[], byte[]>> letters = deadLetters(List.of(refusedKey, garbageKey));
    ConsumerRecord<byte[], byte[]> refused = letters.get(refusedKey);
    assertThat(refused).as("dead letter of the refused drop").isNotNull();
    assertThat(header(refused, "netsight.error.stage")).isEqualTo("index");
    assertThat(header(refused, "netsight.error.class")).isIn("document_parsing_exception", "mapper_parsing_exception");
    assertThat(header(refused, "netsight.error.message")).contains("10.244.1.300");
    assertThat(header(refused, "netsight.error.status")).isEqualTo("400");
    assertThat(header(refused, "netsight.error.index")).startsWith("netsight-kernel-drop-");
    EnrichedKernelDrop original = Topics.ENRICHED_KERNEL_DROP.valueSerde().deserializer()
        .deserialize(refused.topic(), refused.value());
    assertThat(original.getDrop().getSrcIp()).isEqualTo("10.244.1.300");
    assertThat(new String(refused.key(), StandardCharsets.UTF_8)).isEqualTo(SinkFixtures.REUSED_IP);

    ConsumerRecord<byte[], byte[]> undecodable = letters.get(garbageKey);
    assertThat(undecodable).as("dead letter of the undecodable finding").isNotNull();
    assertThat(header(undecodable, "netsight.error.stage")).isEqualTo("decode");
    assertThat(new String(undecodable.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
  }

  @Test
  void theCommandWritesWhatTheTopicsHoldAndExits() throws Exception {
    String f = "t-command/reset/1";
    send(Topics.FINDINGS, f, SinkFixtures.resetFinding(f));
    send(Topics.IDENTITY_IP_BINDINGS, SinkFixtures.REUSED_IP, SinkFixtures.checkoutPod());
    send(Topics.IDENTITY_IP_BINDINGS, SinkFixtures.REUSED_IP, null); // tombstone after a release: nothing to index
    StringWriter out = new StringWriter();
    CommandLine cl = NetsightCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));

    int rc = cl.execute("sink", "elasticsearch", "--once", "--bootstrap-server", kafka.bootstrapServers(),
        "--set", "elasticsearch.url=" + es.url(), "--set", "sink.group.id=g-command-" + UUID.randomUUID(),
        "--set", "sink.ip-bindings.enabled=true");

    assertThat(rc).isZero();
    assertThat(out.toString()).contains("Written to " + es.url()).contains("indexed");
    assertThat(count("netsight-findings", term("netsight.finding.id", f))).isEqualTo(1);
    assertThat(count("netsight-ip-bindings", term("netsight.binding.name", "checkout-7d9c5b6f4-x2x9q")))
        .isGreaterThanOrEqualTo(1);
  }

  /** The dead letters, by origin topic/partition/offset, once those wanted are there. */
  private Map<String, ConsumerRecord<byte[], byte[]>> deadLetters(List<String> wanted) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, ConsumerRecord<byte[], byte[]>> byOrigin = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.DLQ_SINK_ELASTICSEARCH.name()));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          byOrigin.put(header(r, "netsight.error.topic") + "/" + header(r, "netsight.error.partition") + "/"
              + header(r, "netsight.error.offset"), r);
        }
        return byOrigin.keySet().containsAll(wanted);
      });
    }
    return byOrigin;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
