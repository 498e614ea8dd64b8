package io.netsight.ingest.agent;

import io.netsight.ingest.capture.CaptureSourceRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The node agent's typed configuration: its own keys, every registered source's keys, and Kafka producer settings
 * passed through under {@code kafka.} (e.g. {@code kafka.bootstrap.servers}, {@code kafka.security.protocol}).
 */
public final class AgentConfig extends AbstractConfig {

  public static final String NODE = "agent.node";
  public static final String SOURCES = "agent.sources";
  public static final String METRICS_PORT = "agent.metrics.port";
  public static final String RESTARTS_MAX = "agent.restarts.max";
  public static final String QUEUE_CAPACITY = "publish.queue.capacity";
  public static final String RECORD_DIR = "agent.record.dir";
  public static final String KAFKA_PREFIX = "kafka.";
  public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

  private final CaptureSourceRegistry registry;

  public AgentConfig(Map<String, ?> props, CaptureSourceRegistry registry) {
    super(configDef(registry), props, false);
    this.registry = registry;
  }

  public static ConfigDef configDef(CaptureSourceRegistry registry) {
    ConfigDef def = new ConfigDef()
        .define(NODE, Type.STRING, "", Importance.HIGH,
            "Node name the records carry (the DaemonSet sets it from spec.nodeName); empty: this host's name.")
        .define(SOURCES, Type.LIST, List.copyOf(registry.names()), Importance.HIGH,
            "Capture sources to run, by name: " + String.join(", ", registry.names()) + ".")
        .define(METRICS_PORT, Type.INT, 9464, Range.between(-1, 65_535), Importance.MEDIUM,
            "Port of the Prometheus /metrics endpoint (0: any free port, -1: none).")
        .define(RESTARTS_MAX, Type.INT, 10, Range.atLeast(0), Importance.LOW,
            "Restarts of a failing source (with exponential backoff, 1 s to 60 s) before the agent gives up and "
                + "exits 1.")
        .define(QUEUE_CAPACITY, Type.INT, 50_000, Range.atLeast(1), Importance.MEDIUM,
            "Records queued between the capture threads and Kafka; when full, records are dropped and counted.")
        .define(RECORD_DIR, Type.STRING, "", Importance.LOW,
            "Directory where the kernel-log, conntrack, conntrack-stats and kube-proxy sources also write their raw "
                + "input, in the formats netsight replay reads (docs/node-agent-sources.md); empty: no recording.")
        .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", Importance.HIGH,
            "Kafka bootstrap servers; any other kafka.* key is handed to the producer as is.");
    for (ConfigDef.ConfigKey k : registry.configDef().configKeys().values()) {
      def.define(k);
    }
    return def;
  }

  public CaptureSourceRegistry registry() {
    return registry;
  }

  public String node() {
    String node = getString(NODE);
    if (!node.isBlank()) {
      return node;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** Where sources record their raw input ({@code --record DIR}), or null. */
  public java.nio.file.Path recordDir() {
    String dir = getString(RECORD_DIR);
    return dir.isBlank() ? null : java.nio.file.Path.of(dir);
  }

  public List<String> sources() {
    return getList(SOURCES);
  }

  /** Producer settings: every kafka.* key without its prefix. */
  public Map<String, Object> kafka() {
    return originalsWithPrefix(KAFKA_PREFIX);
  }
}
