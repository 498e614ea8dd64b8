package io.netsight.app.kafka;

import io.netsight.app.cli.Shutdown;
import io.netsight.schema.TopicCreator;
import io.netsight.schema.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netsight kafka}: a standalone broker for trying netsight on one machine. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {
        "Runs a single-node Kafka broker (KRaft, broker and controller in one) inside this JVM until Ctrl-C, with "
            + "every netsight topic created, and prints its bootstrap address for the other roles "
            + "(--bootstrap-server). For trying netsight on one machine; a cluster uses a real Kafka.",
        ""})
public final class KafkaCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "9092",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the broker's data in DIR across runs (default: a temporary directory, removed on exit).")
  Path dataDir;

  @Option(names = "--no-topics", negatable = false,
      description = "Do not create the netsight topics.")
  boolean noTopics;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafka.Options(port, dataDir));
    Shutdown shutdown = Shutdown.onSignal("netsight-kafka", kafka);
    out.println("Kafka " + KafkaVersion.get() + " is running at "
        + kafka.bootstrapServers());
    if (!noTopics) {
      List<TopicCreator.Outcome> outcomes;
      try {
        outcomes = kafka.createTopics(Topics.all());
      } catch (RuntimeException e) {
        shutdown.closeNow(); // stop the broker and remove its temporary data
        throw e;
      }
      long created = outcomes.stream().filter(TopicCreator.Outcome::created).count();
      out.println("Topics: " + created + " created, " + (outcomes.size() - created) + " already there "
          + "(netsight topics lists them)");
    }
    out.println("Data: " + kafka.dataDir() + (dataDir == null ? " (removed on exit)" : " (kept)"));
    out.println("Use --bootstrap-server " + kafka.bootstrapServers() + " with the other roles. Ctrl-C stops it.");
    out.flush();
    shutdown.await();
    return 0;
  }
}
