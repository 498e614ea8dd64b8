package io.netsight.streams.errors;

import io.netsight.schema.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The error handling of the netsight streams app, built on Kafka Streams' own dead letter queue support (KIP-1034,
 * {@code errors.dead.letter.queue.topic.name}): a record that cannot be deserialized or processed is logged with its
 * task, topic, partition and offset and written to {@code netsight.dlq.streams.v1}, and processing goes on.
 *
 * <p>The dead-letter record keeps the original key and value bytes and the original headers, and adds the headers
 * {@code __streams.errors.exception} (class), {@code __streams.errors.message}, {@code __streams.errors.stacktrace},
 * {@code __streams.errors.topic}, {@code __streams.errors.partition} and {@code __streams.errors.offset}. Under
 * exactly-once it is written in the same transaction as the task's other output.
 */
public final class StreamsErrorHandling {

  private StreamsErrorHandling() {
  }

  /** The Streams configuration entries to add to the app's properties. */
  public static Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class);
    config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterSerializationErrorsHandler.class);
    config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DLQ_STREAMS.name());
    // Global stores and KTables too (no netsight topology has one yet; the default becomes true in Kafka 5.0).
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return config;
  }
}
