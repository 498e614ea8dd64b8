package io.netsight.ingest.sourcekit;

import io.netsight.schema.TopicSpec;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record a capture source hands to the publisher: the topic it belongs to (with its serdes), the key (the IP or
 * node the topic is keyed by), the event time, which is also the Kafka record timestamp, and the Avro value. The same
 * shape as the agent's {@code io.netsight.ingest.capture.CapturedRecord} (issue 3), so the two meet with a one-line
 * adapter.
 *
 * @param topic           the topic from {@link io.netsight.schema.Topics}
 * @param key             the record key as the topic defines it
 * @param timestampMicros event time in microseconds since the epoch
 * @param value           the Avro record
 */
public record CapturedRecord(TopicSpec<String, ? extends SpecificRecord> topic, String key, long timestampMicros,
    SpecificRecord value) {

  public CapturedRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
  }
}
