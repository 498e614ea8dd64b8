package io.netsight.ingest.replay;

import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.pcap.CaptureFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Replay's typed configuration: the packet analyzers' keys (dns.timeout.ms...) so a replay pairs exactly as the
 * agent would, plus the out-of-order slack; and the one place that turns capture files into a {@link ReplayInput}
 * (used by {@code netsight replay} and {@code netsight analyze}).
 */
public final class ReplayConfig extends AbstractConfig {

  public static final String SLACK_MS = "replay.reorder.slack.ms";
  public static final String KAFKA_PREFIX = "kafka.";

  private final CaptureSourceRegistry registry;

  public ReplayConfig(Map<String, ?> props, CaptureSourceRegistry registry) {
    super(configDef(registry), props, false);
    this.registry = registry;
  }

  public static ConfigDef configDef(CaptureSourceRegistry registry) {
    ConfigDef def = new ConfigDef()
        .define(SLACK_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
            "How far out of timestamp order packets may be in a capture (an 'any' capture interleaves CPUs); "
                + "records are held this long before they are written in event-time order.");
    for (ConfigDef.ConfigKey k : registry.analyzerConfigDef().configKeys().values()) {
      def.define(k);
    }
    // kernel.log.prefixes and kernel.log.timezone, for --kernel-log recordings
    for (ConfigDef.ConfigKey k : io.netsight.ingest.sourcekit.NodeSources.replayConfigDef().configKeys().values()) {
      def.define(k);
    }
    return def;
  }

  /** Capture files as one input, through the named packet analyzers; a bad file fails here, before any output. */
  public PacketFilesInput packetFiles(List<Path> files, String node, Collection<String> analyzers,
      IngestMetrics metrics) throws CaptureFileException {
    return PacketFilesInput.open(files, metrics, getLong(SLACK_MS) * 1000, sink -> registry.createAnalyzers(
        analyzers, new SourceContext(node, this, metrics, sink, e -> {
          throw new IllegalStateException(e);
        })));
  }

  public CaptureSourceRegistry registry() {
    return registry;
  }
}
