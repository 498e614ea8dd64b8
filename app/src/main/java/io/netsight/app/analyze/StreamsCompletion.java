package io.netsight.app.analyze;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when a Kafka Streams application has processed everything there is: for every partition of every topic it
 * reads (the inputs, the topics one piece writes and another reads, its repartition topics), its committed offset has
 * reached the end. Under exactly-once a commit covers the output of what it consumed, so at that point every record
 * the inputs caused is in its output topic. No sleep is tuned to the data: the check is repeated until it holds.
 */
final class StreamsCompletion {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsCompletion.class);

  private StreamsCompletion() {
  }

  /**
   * Waits until the group's committed offsets reach the end of every partition of {@code sourceTopics} (the
   * application's source topics under their real names, repartition topics included), checking every {@code poll}.
   *
   * @param alive false when the application failed: waiting would never end
   */
  static void await(Admin admin, String applicationId, Set<String> sourceTopics, Duration timeout, Duration poll,
      BooleanSupplier alive) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> lag = Map.of();
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException("the streams application stopped before processing its input");
      }
      lag = lag(admin, applicationId, sourceTopics);
      if (lag.isEmpty()) {
        return;
      }
      LOG.debug("waiting for {} partitions: {}", lag.size(), lag);
      TimeUnit.NANOSECONDS.sleep(poll.toNanos());
    }
    throw new IllegalStateException("the streams application did not finish its input within " + timeout
        + "; still behind on " + lag);
  }

  /** Partitions whose committed offset is behind their end, with how far. */
  static Map<TopicPartition, Long> lag(Admin admin, String applicationId, Set<String> sourceTopics) {
    try {
      // Streams creates its repartition topics when it starts: one not there yet is not counted until it is.
      Set<String> topics = admin.listTopics().names().get().stream().filter(sourceTopics::contains)
          .collect(Collectors.toSet());
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
      Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
      described.values().forEach(d -> d.partitions().forEach(
          p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(specs).all().get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> behind = new HashMap<>();
      for (var e : ends.entrySet()) {
        long end = e.getValue().offset();
        OffsetAndMetadata c = committed.get(e.getKey());
        long at = c == null ? 0 : c.offset();
        if (at < end) {
          behind.put(e.getKey(), end - at);
        }
      }
      return behind;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot read the streams application's progress: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
