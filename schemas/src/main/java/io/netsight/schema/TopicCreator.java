package io.netsight.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the registry's topics with their configs; topics that exist already are left as they are. */
public final class TopicCreator {

  private TopicCreator() {
  }

  /**
   * Waits until the leader of every partition of the topics serves it. A topic is "created" once the controller has
   * it, and the metadata names a leader a moment before that broker has loaded the partition; a producer writing in
   * that moment gets NOT_LEADER_OR_FOLLOWER on its first batches, and an idempotent producer with several batches in
   * flight can then be left retrying a batch the broker already appended (OUT_OF_ORDER_SEQUENCE_NUMBER until its
   * delivery timeout). ListOffsets is answered by the partition's leader only, so its success is the signal.
   */
  static void awaitLeaders(Admin admin, List<String> topics, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        var described = admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
            new java.util.HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> latest.put(
            new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
            org.apache.kafka.clients.admin.OffsetSpec.latest())));
        admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
          throw e; // not a partition still being loaded: a real problem
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " are not served after " + timeoutMs + " ms");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** What happened to one topic. */
  public record Outcome(String topic, boolean created) {
  }

  /**
   * Creates every topic that does not exist yet.
   *
   * @param replicationFactor replicas per partition; empty for the broker's default.replication.factor
   */
  public static List<Outcome> ensure(Admin admin, Collection<TopicSpec<?, ?>> topics,
      Optional<Short> replicationFactor, long timeoutMs) throws InterruptedException, TimeoutException {
    try {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      List<Outcome> outcomes = new ArrayList<>();
      for (TopicSpec<?, ?> t : topics) {
        if (existing.contains(t.name())) {
          outcomes.add(new Outcome(t.name(), false));
        } else {
          missing.add(new NewTopic(t.name(), Optional.of(t.partitions()), replicationFactor).configs(t.configs()));
        }
      }
      if (!missing.isEmpty()) {
        var results = admin.createTopics(missing).values();
        for (NewTopic n : missing) {
          try {
            results.get(n.name()).get(timeoutMs, TimeUnit.MILLISECONDS);
            outcomes.add(new Outcome(n.name(), true));
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e; // created concurrently by someone else is fine; anything else is not
            }
            outcomes.add(new Outcome(n.name(), false));
          }
        }
        awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeoutMs);
      }
      return outcomes;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create the netsight topics: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
