package io.netsight.ingest.sourcekit;

import io.netsight.schema.TopicSpec;
import java.util.Objects;

/**
 * One record a capture source hands to the publisher: the topic it belongs to (with its serdes), the key, the value
 * and the event time, which is also the Kafka record timestamp.
 *
 * @param topic           the topic from {@link io.netsight.schema.Topics}
 * @param key             the record key as the topic defines it (source IP, node)
 * @param value           the Avro record
 * @param timestampMicros event time in microseconds since the epoch
 */
public record CapturedRecord<K, V>(TopicSpec<K, V> topic, K key, V value, long timestampMicros) {

  public CapturedRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
  }

  /** The event time in milliseconds, for the Kafka record timestamp. */
  public long timestampMillis() {
    return Math.floorDiv(timestampMicros, 1000L);
  }
}
