package io.netsight.sinks.elasticsearch;

import io.netsight.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's dead-letter topic ({@link Topics#DLQ_SINK_ELASTICSEARCH}): the original key and value bytes, the original
 * headers, and headers naming the error and where the record came from. A record lands here when it cannot be decoded
 * or when Elasticsearch refuses its document (a mapping rejection); the rest of its batch goes on. Sends are
 * acknowledged by the broker before the sink commits the source offsets, so a dead-lettered record is never lost.
 */
final class DeadLetterQueue implements AutoCloseable {

  /** Header names, all UTF-8 text. */
  static final String STAGE = "netsight.error.stage";
  static final String ERROR_CLASS = "netsight.error.class";
  static final String ERROR_MESSAGE = "netsight.error.message";
  static final String TOPIC = "netsight.error.topic";
  static final String PARTITION = "netsight.error.partition";
  static final String OFFSET = "netsight.error.offset";
  static final String INDEX = "netsight.error.index";
  static final String DOCUMENT_ID = "netsight.error.document.id";
  static final String STATUS = "netsight.error.status";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();

  DeadLetterQueue(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  static DeadLetterQueue create(ElasticsearchSinkConfig config, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dlq");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putAll(config.producerOverrides());
    return new DeadLetterQueue(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
        Topics.DLQ_SINK_ELASTICSEARCH.name());
  }

  /** Queues one dead letter; {@link #flush()} waits for it. */
  void send(ConsumerRecord<byte[], byte[]> original, String stage, String errorClass, String message,
      Map<String, String> extra) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : original.headers()) {
      headers.add(h);
    }
    put(headers, STAGE, stage);
    put(headers, ERROR_CLASS, errorClass);
    put(headers, ERROR_MESSAGE, message);
    put(headers, TOPIC, original.topic());
    put(headers, PARTITION, Integer.toString(original.partition()));
    put(headers, OFFSET, Long.toString(original.offset()));
    extra.forEach((k, v) -> put(headers, k, v));
    LOG.warn("Dead-lettering {}-{}@{} ({}): {}: {}", original.topic(), original.partition(), original.offset(), stage,
        errorClass, message);
    inFlight.add(producer.send(new ProducerRecord<>(topic, null, original.timestamp(), original.key(),
        original.value(), headers)));
  }

  private static void put(RecordHeaders headers, String key, String value) {
    if (value != null) {
      headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Waits until every queued dead letter is acknowledged.
   *
   * @throws KafkaException if one was not: the caller must not commit the source offsets
   */
  void flush() throws InterruptedException {
    if (inFlight.isEmpty()) {
      return;
    }
    producer.flush();
    try {
      for (Future<RecordMetadata> f : inFlight) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new KafkaException("Cannot write to the dead-letter topic " + topic + ": " + e.getCause().getMessage(),
          e.getCause());
    } finally {
      inFlight.clear();
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
