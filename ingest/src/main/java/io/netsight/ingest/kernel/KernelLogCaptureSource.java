package io.netsight.ingest.kernel;

import io.netsight.schema.Micros;
import io.netsight.ingest.sourcekit.NodeSource;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.schema.v1.KernelLogSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The kernel log capture source: reads netfilter {@code LOG}/{@code log} lines from one of {@code /dev/kmsg}, a
 * syslog file or journald, keeps those whose prefix is configured, and emits a {@code KernelDrop} per line keyed by
 * source IP to {@code netsight.capture.kernel-drop.v1}. Lines logged in other network namespaces reach the kernel log
 * only with {@code net.netfilter.nf_log_all_netns=1} (see docs/node-agent-sources.md).
 */
public final class KernelLogCaptureSource implements NodeSource {

  /** Which kernel log to read. */
  public enum Reader {
    KMSG, FILE, JOURNALD;

    public static Reader parse(String s) {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * @param reader            where to read
   * @param prefixes          log prefixes to keep
   * @param kmsgPath          normally /dev/kmsg
   * @param file              the syslog file for {@link Reader#FILE}
   * @param filePoll          how often the file is checked for new lines
   * @param fromStart         replay the kmsg ring or the whole file instead of starting at the end
   * @param zone              zone of syslog timestamps without offset
   * @param journalctlCommand the journalctl command line for {@link Reader#JOURNALD}
   * @param maxBackoff        longest wait before journalctl is restarted
   */
  public record Settings(Reader reader, List<String> prefixes, Path kmsgPath, Path file, Duration filePoll,
      boolean fromStart, ZoneId zone, List<String> journalctlCommand, Duration maxBackoff) {

    public Settings {
      Objects.requireNonNull(reader, "reader");
      prefixes = List.copyOf(prefixes);
    }

    public static final String READER = "kernel.log.reader";
    public static final String PREFIXES = "kernel.log.prefixes";
    public static final String FILE = "kernel.log.file";
    public static final String FILE_POLL_MS = "kernel.log.file.poll.ms";
    public static final String FROM_START = "kernel.log.from.start";
    public static final String TIMEZONE = "kernel.log.timezone";
    public static final String JOURNALCTL_COMMAND = "kernel.log.journalctl.command";
    public static final String KMSG = "kernel.log.kmsg";
    public static final String MAX_BACKOFF_MS = "kernel.log.restart.backoff.max.ms";

    /** The kernel-log source's configuration keys, with defaults and validation. */
    public static ConfigDef configDef() {
      return new ConfigDef()
          .define(READER, ConfigDef.Type.STRING, "kmsg", ConfigDef.CaseInsensitiveValidString.in("kmsg", "file",
              "journald"), ConfigDef.Importance.HIGH, "Where the kernel log is read: kmsg (/dev/kmsg, needs root or "
              + "CAP_SYSLOG), file (a syslog file such as /var/log/kern.log), journald (journalctl -k -f).")
          .define(PREFIXES, ConfigDef.Type.LIST, String.join(",", NetfilterLogParser.DEFAULT_PREFIXES),
              ConfigDef.Importance.HIGH, "Log prefixes of the LOG/log rules whose lines become KernelDrop records "
              + "(trailing colon optional; 'calico-drop' also keeps 'calico-drop LOG-and-DROP:').")
          .define(FILE, ConfigDef.Type.STRING, "/var/log/kern.log", ConfigDef.Importance.MEDIUM,
              "The syslog file for kernel.log.reader=file, followed across rotation and truncation.")
          .define(FILE_POLL_MS, ConfigDef.Type.LONG, 250L, ConfigDef.Range.atLeast(10), ConfigDef.Importance.LOW,
              "How often the file is checked for new lines, rotation and truncation.")
          .define(FROM_START, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
              "Read the whole kmsg ring buffer or file first instead of starting at its end.")
          .define(TIMEZONE, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
              "Time zone of syslog timestamps without an offset (classic 'Nov 26 11:05:47'); empty: the JVM's.")
          .define(JOURNALCTL_COMMAND, ConfigDef.Type.STRING, String.join(" ", JournaldReader.DEFAULT_COMMAND),
              ConfigDef.Importance.LOW, "The journalctl command line for kernel.log.reader=journald (split on spaces).")
          .define(KMSG, ConfigDef.Type.STRING, "/dev/kmsg", ConfigDef.Importance.LOW, "The kmsg device.")
          .define(MAX_BACKOFF_MS, ConfigDef.Type.LONG, 60_000L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
              "Longest wait before journalctl is started again after it exited.");
    }

    /** Settings from a configuration that holds the keys of {@link #configDef()}. */
    public static Settings from(AbstractConfig c) {
      String zone = c.getString(TIMEZONE);
      return new Settings(Reader.parse(c.getString(READER)), c.getList(PREFIXES), Path.of(c.getString(KMSG)),
          Path.of(c.getString(FILE)), Duration.ofMillis(c.getLong(FILE_POLL_MS)), c.getBoolean(FROM_START),
          zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone),
          List.of(c.getString(JOURNALCTL_COMMAND).strip().split("\\s+")),
          Duration.ofMillis(c.getLong(MAX_BACKOFF_MS)));
    }

    public static Settings defaults() {
      return new Settings(Reader.KMSG, NetfilterLogParser.DEFAULT_PREFIXES, Path.of("/dev/kmsg"),
          Path.of("/var/log/kern.log"), Duration.ofMillis(250), false, ZoneId.systemDefault(),
          JournaldReader.DEFAULT_COMMAND, Duration.ofSeconds(60));
    }

    public Settings withReader(Reader r) {
      return new Settings(r, prefixes, kmsgPath, file, filePoll, fromStart, zone, journalctlCommand, maxBackoff);
    }
  }

  private final Settings settings;
  private final KernelLineProcessor processor;
  private final KernelLogMetrics metrics;
  private final RawRecorder recorder;
  private final java.util.function.Consumer<Throwable> failures;
  private AutoCloseable running;
  private KmsgReader kmsg;
  private JournaldReader journald;
  private LogFileFollower follower;

  public KernelLogCaptureSource(Settings settings, String node, RecordSink sink, PrometheusRegistry registry,
      RawRecorder recorder) {
    this(settings, node, sink, registry, recorder, e -> { });
  }

  /** @param failures told when the reader stops on an error it cannot recover from */
  public KernelLogCaptureSource(Settings settings, String node, RecordSink sink, PrometheusRegistry registry,
      RawRecorder recorder, java.util.function.Consumer<Throwable> failures) {
    this.failures = failures;
    this.settings = settings;
    this.recorder = recorder == null ? RawRecorder.NONE : recorder;
    this.metrics = new KernelLogMetrics(registry, settings.reader().name().toLowerCase(Locale.ROOT));
    KernelLogSource logSource = switch (settings.reader()) {
      case KMSG -> KernelLogSource.KMSG;
      case FILE -> KernelLogSource.FILE;
      case JOURNALD -> KernelLogSource.JOURNALD;
    };
    this.processor = new KernelLineProcessor(new NetfilterLogParser(settings.prefixes()), metrics, sink, node,
        logSource);
  }

  /** Starts reading; fails when /dev/kmsg cannot be opened (no root, no CAP_SYSLOG with dmesg_restrict). */
  public synchronized void start() throws IOException {
    if (running != null) {
      return;
    }
    switch (settings.reader()) {
      case KMSG -> {
        kmsg = new KmsgReader(settings.kmsgPath(), processor, settings.fromStart(), recorder);
        kmsg.onFailure(failures);
        kmsg.start();
        running = kmsg;
      }
      case FILE -> {
        follower = new LogFileFollower(settings.file(), settings.filePoll(), settings.fromStart(),
            new SyslogLineHandler(processor, recorder, settings.zone(), Micros::now), metrics::readerError);
        follower.start();
        running = follower;
      }
      case JOURNALD -> {
        journald = new JournaldReader(settings.journalctlCommand(), processor, recorder, settings.maxBackoff());
        journald.start();
        running = journald;
      }
      default -> throw new IllegalStateException("unknown reader " + settings.reader());
    }
  }

  /** True while the reader is working (kmsg thread alive, journalctl running, file follower started). */
  public boolean healthy() {
    if (kmsg != null) {
      return kmsg.running();
    }
    if (journald != null) {
      return journald.process().running();
    }
    return follower != null && follower.running();
  }

  public KernelLogMetrics metrics() {
    return metrics;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String name() {
    return "kernel-log";
  }

  @Override
  public String detail() {
    return "reader=" + settings.reader().name().toLowerCase(Locale.ROOT) + " prefixes=" + settings.prefixes() + " records="
        + metrics.records() + " lost=" + metrics.lost() + " rejected=" + metrics.rejectedTotal();
  }

  @Override
  public synchronized void close() {
    if (running != null) {
      try {
        running.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the kernel log reader failed", e);
      }
      running = null;
    }
    recorder.close();
  }
}
