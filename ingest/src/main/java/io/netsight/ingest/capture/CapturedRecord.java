package io.netsight.ingest.capture;

import io.netsight.schema.TopicSpec;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record a capture source produced: the topic it goes to, its key (the IP the topic is keyed by) and its event
 * time, which becomes the Kafka record timestamp.
 */
public record CapturedRecord(TopicSpec<String, ? extends SpecificRecord> topic, String key, long timestampMicros,
    SpecificRecord value) {

  public CapturedRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
  }

  /** The value as the topic's serializer writes it. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public byte[] serializedValue() {
    return ((org.apache.kafka.common.serialization.Serializer) topic.valueSerde().serializer())
        .serialize(topic.name(), value);
  }
}
