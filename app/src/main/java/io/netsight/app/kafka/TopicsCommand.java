package io.netsight.app.kafka;

import io.netsight.schema.TopicCreator;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netsight topics}: the topic registry, and creating it on a cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {
        "Lists every netsight topic with its key, value record, partitions, cleanup policy and retention. With "
            + "--create, creates the missing ones on the cluster at --bootstrap-server (existing topics are left "
            + "as they are).",
        ""})
public final class TopicsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Kafka to create the topics on.")
  String bootstrapServer;

  @Option(names = "--create", description = "Create the missing topics (needs --bootstrap-server).")
  boolean create;

  @Option(names = "--replication-factor", paramLabel = "N",
      description = "Replicas per partition for created topics (default: the broker's default.replication.factor).")
  Short replicationFactor;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (create && bootstrapServer == null) {
      throw new IllegalArgumentException("--create needs --bootstrap-server HOST:PORT");
    }
    if (!create) {
      out.printf("%-38s %-8s %-24s %4s  %-15s %s%n", "TOPIC", "KEY", "VALUE", "PART", "CLEANUP", "RETENTION");
      for (TopicSpec<?, ?> t : Topics.all()) {
        out.printf("%-38s %-8s %-24s %4d  %-15s %s%n", t.name(), t.keyTypeName(), t.valueTypeName(), t.partitions(),
            t.cleanupPolicy(), t.retention() == null ? "-" : human(t.retention()));
      }
      return 0;
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer))) {
      List<TopicCreator.Outcome> outcomes =
          TopicCreator.ensure(admin, Topics.all(), Optional.ofNullable(replicationFactor), 60_000);
      for (TopicCreator.Outcome o : outcomes) {
        out.println((o.created() ? "created  " : "exists   ") + o.topic());
      }
    }
    return 0;
  }

  private static String human(Duration d) {
    return d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
  }
}
