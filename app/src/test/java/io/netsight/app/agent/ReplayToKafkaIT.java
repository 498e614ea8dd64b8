package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.app.NetsightCommand;
import io.netsight.app.kafka.EmbeddedKafka;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.DnsTransaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netsight replay --bootstrap-server}: a capture published with its original timestamps (no root needed). */
class ReplayToKafkaIT {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(List.<TopicSpec<?, ?>>of(Topics.CAPTURE_DNS, Topics.CAPTURE_TCP_RESET));
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void theLabCaptureArrivesAsEightTransactionsKeyedByClientWithCaptureTimestamps(@TempDir Path dir) {
    Path pcap = Fixtures.capture(Fixtures.NODE, dir);
    CommandLine cl = NetsightCommand.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));

    int exit = cl.execute("replay", "--pcap", pcap.toString(), "--bootstrap-server", kafka.bootstrapServers(),
        "--node", "replayed-node");

    assertThat(exit).as(err.toString()).isZero();
    List<ConsumerRecord<String, DnsTransaction>> records = new ArrayList<>();
    try (KafkaConsumer<String, DnsTransaction> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
        Topics.CAPTURE_DNS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.CAPTURE_DNS.name()));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= 8;
      });
    }
    assertThat(records).hasSize(8).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo("10.244.1.2");
      assertThat(r.timestamp()).isEqualTo(r.value().getTimestamp().toEpochMilli());
      assertThat(r.value().getNode()).isEqualTo("replayed-node");
      assertThat(r.value().getBackendIp()).isEqualTo("10.244.2.2");
    });
    assertThat(records).extracting(r -> r.value().getTimestamp().toString())
        .allMatch(t -> t.startsWith("2026-11-26T11:16:12.45"));
  }
}
