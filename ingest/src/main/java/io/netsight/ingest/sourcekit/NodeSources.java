package io.netsight.ingest.sourcekit;

import io.netsight.ingest.capture.RecordSink;

import io.netsight.ingest.conntrack.ConntrackEventSource;
import io.netsight.ingest.conntrack.ConntrackMetrics;
import io.netsight.ingest.conntrack.ConntrackReplay;
import io.netsight.ingest.conntrack.ConntrackStatsSampler;
import io.netsight.ingest.kernel.KernelLogCaptureSource;
import io.netsight.ingest.kernel.KernelLogReplay;
import io.netsight.ingest.kubeproxy.KubeProxyReplay;
import io.netsight.ingest.kubeproxy.KubeProxyScraper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The sources of this kit by name, for the agent's registry: each name's configuration keys, how to create it from
 * the agent's configuration, the file its raw input is recorded to under {@code --record DIR}, and how a recording is
 * replayed. One place, so registering them in the agent is a loop over {@link #NAMES}.
 */
public final class NodeSources {

  public static final String KERNEL_LOG = "kernel-log";
  public static final String CONNTRACK = "conntrack";
  public static final String CONNTRACK_STATS = "conntrack-stats";
  public static final String KUBE_PROXY = "kube-proxy";
  public static final List<String> NAMES = List.of(KERNEL_LOG, CONNTRACK, CONNTRACK_STATS, KUBE_PROXY);

  /** Recording file of each source under {@code --record DIR} (what {@code netsight replay} takes). */
  public static final Map<String, String> RECORDING_FILES = Map.of(KERNEL_LOG, "kernel-log.txt", CONNTRACK,
      "conntrack-events.txt", CONNTRACK_STATS, "conntrack-stats.txt", KUBE_PROXY, "kube-proxy-metrics.txt");

  private NodeSources() {
  }

  /** The configuration keys of a source. */
  public static ConfigDef configDef(String name) {
    return switch (name) {
      case KERNEL_LOG -> KernelLogCaptureSource.Settings.configDef();
      case CONNTRACK -> ConntrackEventSource.Settings.configDef();
      case CONNTRACK_STATS -> ConntrackStatsSampler.Settings.configDef();
      case KUBE_PROXY -> KubeProxyScraper.Settings.configDef();
      default -> throw new IllegalArgumentException("unknown source " + name + "; the sources are " + NAMES);
    };
  }

  /**
   * Creates (does not start) a source.
   *
   * @param config    holds the source's keys ({@link #configDef})
   * @param registry  the agent's metrics registry
   * @param recordDir where raw input is recorded ({@code --record}), or null
   */
  public static NodeSource create(String name, String node, AbstractConfig config, PrometheusRegistry registry,
      RecordSink sink, Path recordDir) {
    return create(name, node, config, registry, sink, recordDir, e -> { });
  }

  /**
   * Creates (does not start) a source; {@code failures} is told when it stops on an error it cannot recover from.
   * Creating has no side effect (no file, no metric registered twice): the agent creates sources to restart one.
   */
  public static NodeSource create(String name, String node, AbstractConfig config, PrometheusRegistry registry,
      RecordSink sink, Path recordDir, java.util.function.Consumer<Throwable> failures) {
    RawRecorder recorder = recordDir == null ? RawRecorder.NONE
        : RawRecorder.open(recordDir.resolve(RECORDING_FILES.get(name)));
    return switch (name) {
      case KERNEL_LOG -> new KernelLogCaptureSource(KernelLogCaptureSource.Settings.from(config), node, sink,
          registry, recorder, failures);
      case CONNTRACK -> new ConntrackEventSource(ConntrackEventSource.Settings.from(config), node, sink,
          conntrackMetrics(registry), recorder);
      case CONNTRACK_STATS -> new ConntrackStatsSampler(ConntrackStatsSampler.Settings.from(config), node, sink,
          conntrackMetrics(registry), recorder);
      case KUBE_PROXY -> new KubeProxyScraper(KubeProxyScraper.Settings.from(config), node, sink, registry,
          recorder);
      default -> throw new IllegalArgumentException("unknown source " + name + "; the sources are " + NAMES);
    };
  }

  private static final Map<PrometheusRegistry, ConntrackMetrics> CONNTRACK_METRICS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** The events source and the stats sampler share one set of conntrack metrics per registry. */
  static ConntrackMetrics conntrackMetrics(PrometheusRegistry registry) {
    return CONNTRACK_METRICS.computeIfAbsent(registry, ConntrackMetrics::new);
  }

  /** The keys replay needs from the kernel-log source (prefixes, timezone), for replay's configuration. */
  public static ConfigDef replayConfigDef() {
    ConfigDef all = KernelLogCaptureSource.Settings.configDef();
    ConfigDef def = new ConfigDef();
    def.define(all.configKeys().get(KernelLogCaptureSource.Settings.PREFIXES));
    def.define(all.configKeys().get(KernelLogCaptureSource.Settings.TIMEZONE));
    return def;
  }

  /**
   * The recordings given to {@code netsight replay} as replay inputs merged by event time (null files skipped).
   *
   * @param config holds {@link #replayConfigDef()}'s keys
   */
  public static List<io.netsight.ingest.replay.ReplayInput> replayInputs(List<Path> kernelLogs,
      List<Path> conntrackEvents, List<Path> conntrackStats, List<Path> kubeProxyMetrics, String node,
      AbstractConfig config, PrometheusRegistry registry) {
    List<String> prefixes = config.getList(KernelLogCaptureSource.Settings.PREFIXES);
    String tz = config.getString(KernelLogCaptureSource.Settings.TIMEZONE);
    java.time.ZoneId zone = tz.isBlank() ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(tz);
    ConntrackMetrics ctMetrics = conntrackMetrics(registry);
    List<io.netsight.ingest.replay.ReplayInput> inputs = new java.util.ArrayList<>();
    for (Path f : kernelLogs) {
      inputs.add(RecordingReplayInput.open(f, (file, sink) -> new KernelLogReplay(prefixes, node, sink, registry,
          zone).replay(file)));
    }
    for (Path f : conntrackEvents) {
      inputs.add(RecordingReplayInput.open(f, (file, sink) -> new ConntrackReplay(node, sink, ctMetrics)
          .replayEvents(file)));
    }
    for (Path f : conntrackStats) {
      inputs.add(RecordingReplayInput.open(f, (file, sink) -> new ConntrackReplay(node, sink, ctMetrics)
          .replayStats(file)));
    }
    for (Path f : kubeProxyMetrics) {
      inputs.add(RecordingReplayInput.open(f, (file, sink) -> new KubeProxyReplay(node, sink).replay(file)));
    }
    return inputs;
  }

  /**
   * Replays recorded inputs ({@code netsight replay}); null files are skipped. Returns the number of records
   * emitted per file kind.
   */
  public static Map<String, Long> replay(Path kernelLog, Path conntrackEvents, Path conntrackStats,
      Path kubeProxyMetrics, String node, List<String> prefixes, java.time.ZoneId zone, PrometheusRegistry registry,
      RecordSink sink) throws IOException {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    long[] n = new long[1];
    RecordSink counting = r -> {
      n[0]++;
      sink.accept(r);
    };
    if (kernelLog != null) {
      new KernelLogReplay(prefixes, node, counting, registry, zone).replay(kernelLog);
      counts.put(KERNEL_LOG, n[0]);
      n[0] = 0;
    }
    ConntrackReplay ct = new ConntrackReplay(node, counting, conntrackMetrics(registry));
    if (conntrackEvents != null) {
      counts.put(CONNTRACK, ct.replayEvents(conntrackEvents));
      n[0] = 0;
    }
    if (conntrackStats != null) {
      counts.put(CONNTRACK_STATS, ct.replayStats(conntrackStats));
      n[0] = 0;
    }
    if (kubeProxyMetrics != null) {
      counts.put(KUBE_PROXY, new KubeProxyReplay(node, counting).replay(kubeProxyMetrics));
    }
    return counts;
  }
}
