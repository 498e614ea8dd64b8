package io.netsight.app.cli;

import io.netsight.app.config.ConfigSources;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/** The configuration options every role takes: a properties file and {@code --set KEY=VALUE} overrides. */
public final class ConfigOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with configuration keys (see below); environment variables NETSIGHT_<KEY> and "
          + "--set override it.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Set one configuration key; repeatable. Wins over the file and the environment.")
  Map<String, String> sets = new LinkedHashMap<>();

  /** The merged configuration for a role. */
  public Map<String, String> resolve(ConfigDef def, Set<String> passThroughPrefixes) {
    return ConfigSources.resolve(def, file, System.getenv(), sets, passThroughPrefixes);
  }

  /**
   * The merged configuration of a role that talks to Kafka: {@code kafka.*} keys pass through to its clients, and
   * {@code --bootstrap-server}, when given, sets {@code kafka.bootstrap.servers} over the file and the environment.
   */
  public Map<String, String> resolveForKafka(ConfigDef def, String bootstrapServer) {
    Map<String, String> merged = new LinkedHashMap<>(resolve(def, Set.of("kafka.")));
    if (bootstrapServer != null) {
      merged.put("kafka.bootstrap.servers", bootstrapServer);
    }
    return merged;
  }

  public Map<String, String> sets() {
    return sets;
  }
}
