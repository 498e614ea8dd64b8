package io.netsight.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.PacketDirection;
import io.netsight.schema.v1.TcpReset;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaRecordPublisherTest {

  private static final String TOPIC = Topics.CAPTURE_TCP_RESET.name();
  private final IngestMetrics metrics = new IngestMetrics();

  private static CapturedRecord reset(long micros) {
    TcpReset r = new TcpReset("n", Instant.ofEpochSecond(0, micros * 1000), "10.0.0.1", 80, "10.0.0.2", 4000, true,
        1L, PacketDirection.INCOMING, "eth0");
    return new CapturedRecord(Topics.CAPTURE_TCP_RESET, "10.0.0.1", micros, r);
  }

  @Test
  void recordsGoOutKeyedWithTheEventTimeAndTheTopicsSerde() {
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
        new ByteArraySerializer());
    KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer, 10, KafkaRecordPublisher.WhenFull.DROP,
        metrics).start();

    publisher.accept(reset(1_700_000_000_123_456L));
    publisher.close(Duration.ofSeconds(10));

    assertThat(producer.history()).singleElement().satisfies(r -> {
      assertThat(r.topic()).isEqualTo(TOPIC);
      assertThat(r.key()).isEqualTo("10.0.0.1");
      assertThat(r.timestamp()).isEqualTo(1_700_000_000_123L);
      TcpReset back = Topics.CAPTURE_TCP_RESET.valueSerde().deserializer().deserialize(TOPIC, r.value());
      assertThat(back.getReceiverPort()).isEqualTo(4000);
    });
    assertThat(publisher.count(TOPIC, "published")).isEqualTo(1);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlockingTheCaptureThread() {
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
        new ByteArraySerializer());
    // Not started: nothing drains the queue of 3.
    KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer, 3, KafkaRecordPublisher.WhenFull.DROP,
        metrics);

    for (int i = 0; i < 10; i++) {
      publisher.accept(reset(i));
    }

    assertThat(publisher.queueDepth()).isEqualTo(3);
    assertThat(publisher.count(TOPIC, "dropped")).isEqualTo(7);
  }

  @Test
  void kafkaRefusingRecordsIsCountedAndTheStateFlipsOnceEachWay() {
    MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
        new ByteArraySerializer());
    KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer, 10, KafkaRecordPublisher.WhenFull.DROP,
        metrics).start();

    publisher.accept(reset(1));
    publisher.accept(reset(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
    producer.errorNext(new TimeoutException("no broker"));
    producer.errorNext(new TimeoutException("no broker"));
    assertThat(publisher.kafkaUp()).isFalse();
    publisher.accept(reset(3));
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 3);
    producer.completeNext();

    assertThat(publisher.kafkaUp()).isTrue();
    assertThat(publisher.count(TOPIC, "failed")).isEqualTo(2);
    assertThat(publisher.count(TOPIC, "published")).isEqualTo(1);
    assertThat(producer.history()).extracting(ProducerRecord::timestamp).containsExactly(0L, 0L, 0L);
    publisher.close(Duration.ofSeconds(5));
  }
}
