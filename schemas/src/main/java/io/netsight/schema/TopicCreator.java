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
      }
      return outcomes;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create the netsight topics: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
