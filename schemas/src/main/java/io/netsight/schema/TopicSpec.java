package io.netsight.schema;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the contract: its name, the serdes of its key and value, and the configs it is created with.
 *
 * @param name          topic name, {@code netsight.<stage>.<what>.v<n>}
 * @param keySerde      serde of the record key
 * @param valueSerde    serde of the record value
 * @param partitions    default partition count (scale-out is by key, so partitions bound the parallelism)
 * @param cleanupPolicy {@code delete}, {@code compact} or {@code compact,delete}
 * @param retention     time-based retention ({@code retention.ms}); {@code null} for the broker default
 * @param description   one line for {@code netsight topics} and the docs
 */
public record TopicSpec<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int partitions,
    String cleanupPolicy,
    Duration retention,
    String description) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1 for " + name);
    }
  }

  /** The same topic with another partition count (one partition for a single-machine replay). */
  public TopicSpec<K, V> withPartitions(int count) {
    return new TopicSpec<>(name, keySerde, valueSerde, count, cleanupPolicy, retention, description);
  }

  /** Topic-level configs to create the topic with. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
    if (retention != null) {
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
    // Record timestamps are event times chosen by the producer (capture time), never the broker's append time.
    configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
    return configs;
  }

  /** Name of the value type: the Avro record's simple name, or {@code bytes} for raw topics. */
  public String valueTypeName() {
    return valueSerde instanceof AvroSerde<?> a ? a.schema().getName() : "bytes";
  }

  /** Name of the key type. */
  public String keyTypeName() {
    if (keySerde instanceof AvroSerde<?> a) {
      return a.schema().getName();
    }
    return keySerde instanceof org.apache.kafka.common.serialization.Serdes.StringSerde ? "string" : "bytes";
  }
}
