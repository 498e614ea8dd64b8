package io.netsight.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.AvroSerde;
import io.netsight.schema.TopicCreator;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.DnsAnswer;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-JVM broker is a real Kafka: topics with configs, 10,000 records through the serde, a Streams app. */
class EmbeddedKafkaIT {

  private static KafkaTarget kafka;

  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path stateDir;

  @BeforeAll
  static void startKafka() {
    kafka = KafkaTarget.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  @Test
  void createsEveryRegistryTopicWithItsConfigsAndLeavesExistingOnes() throws Exception {
    try (Admin admin = admin()) {
      List<TopicCreator.Outcome> first = TopicCreator.ensure(admin, Topics.all(), Optional.of((short) 1), 30_000);
      List<TopicCreator.Outcome> second = TopicCreator.ensure(admin, Topics.all(), Optional.of((short) 1), 30_000);

      assertThat(first).hasSize(Topics.all().size());
      assertThat(second).noneMatch(TopicCreator.Outcome::created);
      Set<String> names = admin.listTopics().names().get();
      assertThat(names).containsAll(Topics.all().stream().map(TopicSpec::name).toList());
      var partitions = admin.describeTopics(List.of(Topics.CAPTURE_DNS.name())).allTopicNames().get()
          .get(Topics.CAPTURE_DNS.name()).partitions();
      assertThat(partitions).hasSize(Topics.CAPTURE_DNS.partitions());
      ConfigResource findings = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FINDINGS.name());
      Config config = admin.describeConfigs(List.of(findings)).all().get().get(findings);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
      assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
    }
  }

  @Test
  void tenThousandDnsTransactionsRoundTripFieldByField() throws Exception {
    String topic = Topics.CAPTURE_DNS.name();
    ensure(Topics.CAPTURE_DNS);
    AvroSerde<DnsTransaction> serde = AvroSerde.of(DnsTransaction.class);
    List<DnsTransaction> sent = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
    for (int i = 0; i < 10_000; i++) {
      sent.add(transaction(t0.plusNanos(i * 1_001_000L), i));
    }

    try (KafkaProducer<String, DnsTransaction> producer = new KafkaProducer<>(producerProps(),
        new StringSerializer(), serde)) {
      List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
      for (DnsTransaction t : sent) {
        acks.add(producer.send(new ProducerRecord<>(topic, null, t.getTimestamp().toEpochMilli(), t.getClientIp(),
            t)));
      }
      producer.flush();
      for (var ack : acks) {
        ack.get(); // a refused record fails here, with the broker's reason, rather than as a count below
      }
    }
    List<ConsumerRecord<String, DnsTransaction>> received = new ArrayList<>();
    try (KafkaConsumer<String, DnsTransaction> consumer = new KafkaConsumer<>(consumerProps(),
        new StringDeserializer(), serde)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }

    assertThat(received).hasSize(10_000);
    // Order is per partition (key = client IP); compare by the unique DNS id + client port.
    Map<String, DnsTransaction> byId = new java.util.HashMap<>();
    sent.forEach(t -> byId.put(t.getClientIp() + "/" + t.getClientPort() + "/" + t.getDnsId(), t));
    for (ConsumerRecord<String, DnsTransaction> r : received) {
      DnsTransaction got = r.value();
      DnsTransaction want = byId.get(got.getClientIp() + "/" + got.getClientPort() + "/" + got.getDnsId());
      assertThat(want).as("sent record for %s", got).isNotNull();
      for (var field : DnsTransaction.getClassSchema().getFields()) {
        assertThat(got.get(field.pos())).as("field %s", field.name()).isEqualTo(want.get(field.pos()));
      }
      assertThat(r.key()).isEqualTo(want.getClientIp());
      assertThat(r.timestamp()).isEqualTo(want.getTimestamp().toEpochMilli());
    }
  }

  @Test
  void aStreamsAppReadsOneTopicAndWritesAnother() throws Exception {
    String in = "netsight.it.streams-in." + UUID.randomUUID() + ".v1";
    String out = "netsight.it.streams-out." + UUID.randomUUID() + ".v1";
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(in, 2, (short) 1),
          new org.apache.kafka.clients.admin.NewTopic(out, 2, (short) 1))).all().get();
    }
    AvroSerde<DnsTransaction> serde = AvroSerde.of(DnsTransaction.class);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(in, Consumed.with(org.apache.kafka.common.serialization.Serdes.String(), serde))
        .filter((ip, t) -> t.getRcode() == DnsRcode.NXDOMAIN, org.apache.kafka.streams.kstream.Named.as("nxdomain"))
        .mapValues(DnsTransaction::getQname, org.apache.kafka.streams.kstream.Named.as("qname"))
        .to(out, Produced.with(org.apache.kafka.common.serialization.Serdes.String(),
            org.apache.kafka.common.serialization.Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "netsight-it-" + UUID.randomUUID());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
         KafkaProducer<String, DnsTransaction> producer = new KafkaProducer<>(producerProps(),
             new StringSerializer(), serde);
         KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(),
             new StringDeserializer())) {
      streams.start();
      Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
      for (int i = 0; i < 100; i++) {
        DnsTransaction t = transaction(t0.plusMillis(i), i);
        producer.send(new ProducerRecord<>(in, null, t.getTimestamp().toEpochMilli(), t.getClientIp(), t));
      }
      producer.flush();
      consumer.subscribe(List.of(out));
      List<String> qnames = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (qnames.size() < 50 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> qnames.add(r.value()));
      }

      // Every second transaction is an NXDOMAIN search-path expansion; only those pass the filter.
      assertThat(qnames).hasSize(50).allMatch(q -> q.endsWith(".default.svc.cluster.local"));
    }
  }

  private static DnsTransaction transaction(Instant at, int i) {
    boolean nx = i % 2 == 0;
    return DnsTransaction.newBuilder()
        .setNode("node-" + (i % 3))
        .setTimestamp(at)
        .setClientIp("10.244." + (i % 7) + "." + (i % 250 + 1))
        .setClientPort(30000 + i % 30000)
        .setServerIp("10.96.0.10")
        .setServerPort(53)
        .setBackendIp(i % 5 == 0 ? null : "10.244.0.3")
        .setBackendPort(i % 5 == 0 ? null : 53)
        .setTransport(i % 11 == 0 ? Transport.TCP : Transport.UDP)
        .setDnsId(i)
        .setQname(nx ? "svc-" + i + ".default.svc.cluster.local" : "svc-" + i + ".example.com")
        .setQtype(i % 4 < 2 ? "A" : "AAAA")
        .setOutcome(DnsOutcome.ANSWERED)
        .setRcode(nx ? DnsRcode.NXDOMAIN : DnsRcode.NOERROR)
        .setRcodeValue(nx ? 3 : 0)
        .setResponseTimestamp(at.plusNanos(300_000))
        .setLatencyMicros(300L)
        .setAnswers(nx ? List.of() : List.of(new DnsAnswer("svc-" + i + ".example.com", "A", 30L, "203.0.113.7")))
        .setAnswerCount(nx ? 0 : 1)
        .build();
  }

  private static void ensure(TopicSpec<?, ?> topic) throws Exception {
    try (Admin admin = admin()) {
      TopicCreator.ensure(admin, List.<TopicSpec<?, ?>>of(topic), Optional.of((short) 1), 30_000);
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return p;
  }

  private static Properties consumerProps() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "netsight-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }

}
