package io.netsight.ingest.conntrack;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.schema.Micros;
import io.netsight.ingest.sourcekit.NodeSource;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.sourcekit.RecordingFormat;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.ConntrackStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the conntrack table's counters every interval (10 s by default): {@code /proc/net/stat/nf_conntrack} plus
 * {@code nf_conntrack_count}, {@code nf_conntrack_max} and {@code nf_conntrack_buckets}, one {@code ConntrackStats}
 * keyed by node on {@code netsight.capture.conntrack-stats.v1}. Both are per network namespace, read in the
 * namespace of the reading process: the agent (hostNetwork) reads the host's. A failed read is counted and logged
 * once per change of error; the next tick tries again.
 */
public final class ConntrackStatsSampler implements NodeSource {

  private static final Logger LOG = LoggerFactory.getLogger(ConntrackStatsSampler.class);

  /**
   * @param statFile  normally /proc/net/stat/nf_conntrack ({@code /proc/<pid>/net/...} reads another namespace)
   * @param sysctlDir normally /proc/sys/net/netfilter; null to take the entry count from the stat file only
   * @param interval  time between samples
   */
  public record Settings(Path statFile, Path sysctlDir, Duration interval) {

    public static final String INTERVAL_MS = "conntrack.stats.interval.ms";
    public static final String STAT_FILE = "conntrack.stats.file";
    public static final String SYSCTL_DIR = "conntrack.stats.sysctl.dir";

    /** The conntrack stats sampler's configuration keys. */
    public static ConfigDef configDef() {
      return new ConfigDef()
          .define(INTERVAL_MS, ConfigDef.Type.LONG, 10_000L, ConfigDef.Range.atLeast(100), ConfigDef.Importance.MEDIUM,
              "Time between samples of /proc/net/stat/nf_conntrack and nf_conntrack_count/max.")
          .define(STAT_FILE, ConfigDef.Type.STRING, "/proc/net/stat/nf_conntrack", ConfigDef.Importance.LOW,
              "The per-CPU conntrack statistics file (of the agent's network namespace).")
          .define(SYSCTL_DIR, ConfigDef.Type.STRING, "/proc/sys/net/netfilter", ConfigDef.Importance.LOW,
              "Where nf_conntrack_count, nf_conntrack_max and nf_conntrack_buckets are read; empty to skip them.");
    }

    public static Settings from(AbstractConfig c) {
      String dir = c.getString(SYSCTL_DIR);
      return new Settings(Path.of(c.getString(STAT_FILE)), dir.isBlank() ? null : Path.of(dir),
          Duration.ofMillis(c.getLong(INTERVAL_MS)));
    }

    public static Settings defaults() {
      return new Settings(Path.of("/proc/net/stat/nf_conntrack"), Path.of("/proc/sys/net/netfilter"),
          Duration.ofSeconds(10));
    }
  }

  private final Settings settings;
  private final String node;
  private final RecordSink sink;
  private final ConntrackMetrics metrics;
  private final RawRecorder recorder;
  private final ConntrackStatsParser parser = new ConntrackStatsParser();
  private ScheduledExecutorService timer;
  private volatile String lastError;

  public ConntrackStatsSampler(Settings settings, String node, RecordSink sink, ConntrackMetrics metrics,
      RawRecorder recorder) {
    this.settings = settings;
    this.node = node;
    this.sink = sink;
    this.metrics = metrics;
    this.recorder = recorder == null ? RawRecorder.NONE : recorder;
  }

  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "netsight-conntrack-stats");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::tick, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      sampleOnce();
    } catch (RuntimeException e) {
      // The scheduler would stop at the first exception: log it and keep sampling.
      metrics.sample(false);
      LOG.error("conntrack stats sample failed: {}", e.toString(), e);
    }
  }

  /** Reads, emits and records one sample; returns it, or null when it could not be read. */
  public ConntrackStats sampleOnce() {
    long now = Micros.now();
    List<String> lines;
    try {
      lines = Files.readAllLines(settings.statFile());
    } catch (IOException e) {
      metrics.sample(false);
      String error = "cannot read " + settings.statFile() + ": " + e
          + " (is the nf_conntrack module loaded in this namespace?)";
      if (!error.equals(lastError)) {
        LOG.error("{}", error);
        lastError = error;
      }
      return null;
    }
    if (lastError != null) {
      LOG.info("{} is readable again", settings.statFile());
      lastError = null;
    }
    Map<String, Long> sysctls = new LinkedHashMap<>();
    if (settings.sysctlDir() != null) {
      for (String name : List.of(ConntrackStatsParser.COUNT, ConntrackStatsParser.MAX,
          ConntrackStatsParser.BUCKETS)) {
        try {
          sysctls.put(name, Long.parseLong(Files.readString(settings.sysctlDir().resolve(name)).strip()));
        } catch (IOException | NumberFormatException e) {
          LOG.debug("{} unreadable: {}", name, e.toString());
        }
      }
    }
    if (recorder.enabled()) {
      recorder.line(RecordingFormat.sampleLine(now));
      lines.forEach(recorder::line);
      sysctls.forEach((k, v) -> recorder.line("net.netfilter." + k + " = " + v));
      recorder.flush();
    }
    return emit(parser.parse(lines, sysctls, now, node), sink, metrics);
  }

  static ConntrackStats emit(ConntrackStatsParser.Result r, RecordSink sink, ConntrackMetrics metrics) {
    if (r.stats() == null) {
      metrics.sample(false);
      metrics.reject(r.rejection());
      return null;
    }
    metrics.sample(true);
    ConntrackStats s = r.stats();
    sink.accept(new CapturedRecord(Topics.CAPTURE_CONNTRACK_STATS, s.getNode(), Micros.of(s.getTimestamp()), s));
    return s;
  }

  public boolean healthy() {
    return timer != null && !timer.isShutdown() && lastError == null;
  }

  @Override
  public String name() {
    return "conntrack-stats";
  }

  @Override
  public String detail() {
    return "file=" + settings.statFile() + " every " + settings.interval().toMillis() + " ms samples=" + metrics.samples(true)
        + " failed=" + metrics.samples(false) + (lastError == null ? "" : " last error: " + lastError);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    recorder.close();
  }
}
