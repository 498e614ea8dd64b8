package io.netsight.app.agent;

import io.netsight.app.cli.ConfigOptions;
import io.netsight.app.cli.Shutdown;
import io.netsight.app.config.ConfigSources;
import io.netsight.ingest.agent.AgentConfig;
import io.netsight.ingest.agent.NodeAgent;
import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.live.LiveCaptureSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netsight agent}: wires the configuration to the node agent and runs it until SIGTERM/Ctrl-C. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {
        "The node agent: captures DNS (UDP/TCP port 53) and TCP resets with libpcap, pairs DNS queries with their "
            + "responses (a ClusterIP lookup seen before and after DNAT is one transaction), reads netfilter drop "
            + "lines from the kernel log (kernel-log), conntrack events and counters (conntrack, conntrack-stats) and "
            + "kube-proxy's metrics (kube-proxy), and publishes DnsTransaction, TcpReset, KernelDrop, ConntrackEvent, "
            + "ConntrackStats and KubeProxySample records to Kafka. Prometheus metrics on --metrics-port. Needs root "
            + "(CAP_NET_RAW, CAP_NET_ADMIN, /dev/kmsg), libpcap and the conntrack tool.",
        ""})
public final class AgentCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);
  static final CaptureSourceRegistry REGISTRY = CaptureSourceRegistry.standard();

  @Option(names = "--interface", paramLabel = "NAME",
      description = "Interface to capture on (default: any). Sets " + LiveCaptureSettings.INTERFACE + ".")
  String interfaceName;

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka to publish to. Sets " + AgentConfig.BOOTSTRAP_SERVERS + ".")
  String bootstrapServer;

  @Option(names = "--node", paramLabel = "NAME",
      description = "Node name the records carry (default: this host's name). Sets " + AgentConfig.NODE + ".")
  String node;

  @Option(names = "--metrics-port", paramLabel = "N",
      description = "Port of /metrics (default 9464; 0 any free port, -1 none). Sets " + AgentConfig.METRICS_PORT
          + ".")
  Integer metricsPort;

  @Option(names = "--sources", paramLabel = "NAME", split = ",",
      description = "Capture sources to run (default: all). Sets " + AgentConfig.SOURCES + ".")
  List<String> sources;

  @Option(names = "--record", paramLabel = "DIR",
      description = "Also write the raw input of the kernel-log, conntrack, conntrack-stats and kube-proxy sources to "
          + "DIR, in the formats netsight replay reads. Sets " + AgentConfig.RECORD_DIR + ".")
  java.nio.file.Path record;

  @Mixin
  ConfigOptions config;

  @Spec
  void spec(CommandSpec spec) {
    spec.usageMessage().footer("", "Configuration keys (--config FILE, NETSIGHT_<KEY>, --set KEY=VALUE):",
        ConfigSources.helpText(AgentConfig.configDef(REGISTRY)));
  }

  @Override
  public Integer call() throws Exception {
    AgentConfig agentConfig = config(config, interfaceName, bootstrapServer, node, metricsPort, sources, record);
    NodeAgent agent = new NodeAgent(agentConfig, NodeAgent.producerFor(agentConfig));
    try {
      agent.start();
    } catch (Exception e) {
      agent.close();
      throw e;
    }
    Throwable failed = Shutdown.onSignal("netsight-agent", agent).await(() -> agent.failure().getNow(null));
    if (failed != null) {
      LOG.error("The agent stops: a source kept failing ({})", failed);
      return 1;
    }
    return 0;
  }

  /** The agent's configuration: file, environment, --set, then the dedicated options (which win). */
  static AgentConfig config(ConfigOptions options, String interfaceName, String bootstrapServer, String node,
      Integer metricsPort, List<String> sources) {
    return config(options, interfaceName, bootstrapServer, node, metricsPort, sources, null);
  }

  static AgentConfig config(ConfigOptions options, String interfaceName, String bootstrapServer, String node,
      Integer metricsPort, List<String> sources, java.nio.file.Path record) {
    Map<String, String> merged = options.resolve(AgentConfig.configDef(REGISTRY), Set.of(AgentConfig.KAFKA_PREFIX));
    putIf(merged, LiveCaptureSettings.INTERFACE, interfaceName);
    putIf(merged, AgentConfig.BOOTSTRAP_SERVERS, bootstrapServer);
    putIf(merged, AgentConfig.NODE, node);
    putIf(merged, AgentConfig.METRICS_PORT, metricsPort == null ? null : metricsPort.toString());
    putIf(merged, AgentConfig.SOURCES, sources == null ? null : String.join(",", sources));
    putIf(merged, AgentConfig.RECORD_DIR, record == null ? null : record.toString());
    AgentConfig c = new AgentConfig(merged, REGISTRY);
    REGISTRY.validate(c.sources());
    return c;
  }

  private static void putIf(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
