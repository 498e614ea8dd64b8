package io.netsight.app.sink;

import io.netsight.app.cli.ConfigOptions;
import io.netsight.app.config.ConfigSources;
import io.netsight.sinks.elasticsearch.ElasticsearchSink;
import io.netsight.sinks.elasticsearch.ElasticsearchSinkConfig;
import io.netsight.sinks.elasticsearch.KibanaSavedObjects;
import io.netsight.sinks.elasticsearch.SinkReport;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netsight sink elasticsearch}: wires the configuration to {@link ElasticsearchSink} and runs it until Ctrl-C
 * (or, with {@code --once}, until it has written what the topics hold); {@code --install-kibana} imports the Kibana
 * saved objects instead. See docs/elasticsearch.md.
 */
@Command(name = "elasticsearch", mixinStandardHelpOptions = true,
    description = {
        "Writes netsight findings (always), and on request the enriched evidence and the IP bindings, to "
            + "Elasticsearch 8.x/9.x as Elastic Common Schema documents: one document per finding episode, no "
            + "duplicates on replay, offsets committed only after Elasticsearch took every document, documents the "
            + "mapping refuses sent to netsight.dlq.sink-es.v1. Installs its index templates at start. "
            + "Docs: docs/elasticsearch.md.",
        ""})
public final class ElasticsearchSinkCommand implements Callable<Integer> {

  private CommandSpec spec;

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka to read from (default: kafka.bootstrap.servers, else "
          + ElasticsearchSinkConfig.DEFAULT_BOOTSTRAP + ").")
  String bootstrapServer;

  @Option(names = "--install-kibana", paramLabel = "URL",
      description = "Import the Kibana data views, saved searches and dashboard into the Kibana at URL "
          + "(https://kibana:5601, or .../s/SPACE for a space) with the Elasticsearch credentials and CA, then exit.")
  URI installKibana;

  @Option(names = "--once",
      description = "Write everything the topics hold now (from the group's committed offsets), then exit: for a "
          + "backfill or a postmortem replay.")
  boolean once;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M",
      description = "With --once: give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin
  ConfigOptions config;

  @Spec
  void spec(CommandSpec spec) {
    this.spec = spec;
    // '%' in a key's documentation must not be read as a format specifier by the help renderer.
    spec.usageMessage().footer("", "Configuration keys (--config FILE, environment NETSIGHT_<KEY>, --set KEY=VALUE; "
            + "kafka.<client config> keys go to the Kafka consumer and the dead-letter producer):",
        ConfigSources.helpText(ElasticsearchSinkConfig.CONFIG_DEF).replace("%", "%%"));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ElasticsearchSinkConfig cfg = configuration();
    if (installKibana != null) {
      KibanaSavedObjects.ImportResult result = KibanaSavedObjects.importInto(installKibana, cfg);
      out.println("Kibana at " + installKibana + ": " + result.successCount() + " saved objects imported"
          + (result.success() ? "" : ", refused: " + String.join("; ", result.errors())));
      out.flush();
      return result.success() ? 0 : 1;
    }
    ElasticsearchSink sink = ElasticsearchSink.create(cfg);
    if (once) {
      SinkReport report = sink.drain(timeout);
      out.println("Written to " + cfg.url() + ": " + report);
      out.flush();
      return 0;
    }
    Thread hook = new Thread(sink::close, "netsight-sink-es-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    sink.start();
    out.println("Writing " + sink.topics() + " to " + cfg.url() + " (Ctrl-C stops)");
    out.flush();
    sink.awaitTermination();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running, nothing to remove
      return 0;
    }
    if (sink.failure() != null) {
      throw new IllegalStateException("the Elasticsearch sink stopped", sink.failure());
    }
    return 0;
  }

  /** The merged configuration; a bad value is a bad argument (exit 2) naming the key. */
  ElasticsearchSinkConfig configuration() {
    Map<String, String> settings = config.resolve(ElasticsearchSinkConfig.CONFIG_DEF,
        Set.of(ElasticsearchSinkConfig.KAFKA_PREFIX));
    if (bootstrapServer != null) {
      settings.put(ElasticsearchSinkConfig.KAFKA_PREFIX + "bootstrap.servers", bootstrapServer);
    }
    return new ElasticsearchSinkConfig(settings);
  }
}
