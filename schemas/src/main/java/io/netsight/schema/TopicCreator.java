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
   * Waits until every partition of the topics has a leader. A topic is "created" once the controller has it; a
   * producer that writes before the broker leads the new partitions gets retriable errors on its first batches,
   * which an idempotent producer with several batches in flight can turn into out-of-sequence failures.
   */
  static void awaitLeaders(Admin admin, List<String> topics, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      boolean led;
      try {
        var described = admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        led = described.values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
          throw e;
        }
        led = false; // the broker has not learnt of the new topic yet
      }
      if (led) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " have no leader after " + timeoutMs + " ms");
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
