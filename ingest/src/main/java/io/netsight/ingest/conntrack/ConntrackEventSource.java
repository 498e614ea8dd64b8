package io.netsight.ingest.conntrack;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.schema.Micros;
import io.netsight.ingest.sourcekit.NodeSource;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.sourcekit.SupervisedProcess;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.ConntrackEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Conntrack events of the network namespace the agent runs in (the host's, in the DaemonSet with hostNetwork):
 * {@code conntrack -E -o timestamp,extended,id --buffer-size N} as a supervised child. Each line becomes a
 * {@code ConntrackEvent} keyed by original source IP on {@code netsight.capture.conntrack.v1}. When the kernel drops
 * events because the netlink buffer is full, conntrack says so on stderr ("We have hit ENOBUFS", or "No buffer space
 * available" from versions that then exit): each such report is counted as an overflow, and a child that exited is
 * restarted with backoff.
 */
public final class ConntrackEventSource implements NodeSource {

  /**
   * @param commandPrefix  run before conntrack, e.g. {@code ip netns exec NS} in tests; empty in the agent
   * @param conntrack      the conntrack executable
   * @param bufferBytes    the netlink receive buffer ({@code --buffer-size}); 0 keeps conntrack's default
   * @param maxBackoff     the longest wait before a restart
   */
  public record Settings(List<String> commandPrefix, String conntrack, long bufferBytes, Duration maxBackoff) {

    public Settings {
      commandPrefix = List.copyOf(commandPrefix);
    }

    public static final String COMMAND = "conntrack.command";
    public static final String BUFFER_BYTES = "conntrack.events.buffer.bytes";
    public static final String MAX_BACKOFF_MS = "conntrack.restart.backoff.max.ms";

    /** The conntrack event source's configuration keys. */
    public static ConfigDef configDef() {
      return new ConfigDef()
          .define(COMMAND, ConfigDef.Type.STRING, "conntrack", ConfigDef.Importance.MEDIUM,
              "The conntrack executable (conntrack-tools), run as 'conntrack -E -o timestamp,extended,id'.")
          .define(BUFFER_BYTES, ConfigDef.Type.LONG, 8L * 1024 * 1024, ConfigDef.Range.atLeast(0),
              ConfigDef.Importance.MEDIUM, "Netlink receive buffer for conntrack -E (--buffer-size); raise it when "
              + "netsight_conntrack_event_overflows_total grows. 0 keeps conntrack's default.")
          .define(MAX_BACKOFF_MS, ConfigDef.Type.LONG, 60_000L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
              "Longest wait before conntrack -E is started again after it exited.");
    }

    public static Settings from(AbstractConfig c) {
      return new Settings(List.of(), c.getString(COMMAND), c.getLong(BUFFER_BYTES),
          Duration.ofMillis(c.getLong(MAX_BACKOFF_MS)));
    }

    public static Settings defaults() {
      return new Settings(List.of(), "conntrack", 8L * 1024 * 1024, Duration.ofSeconds(60));
    }

    public List<String> command() {
      List<String> c = new ArrayList<>(commandPrefix);
      c.addAll(List.of(conntrack, "-E", "-o", "timestamp,extended,id"));
      if (bufferBytes > 0) {
        c.addAll(List.of("--buffer-size", Long.toString(bufferBytes)));
      }
      return c;
    }
  }

  private final SupervisedProcess process;
  private final ConntrackMetrics metrics;
  private final RawRecorder recorder;

  public ConntrackEventSource(Settings settings, String node, RecordSink sink, ConntrackMetrics metrics,
      RawRecorder recorder) {
    this.metrics = metrics;
    RawRecorder rec = recorder == null ? RawRecorder.NONE : recorder;
    ConntrackEventParser parser = new ConntrackEventParser();
    process = new SupervisedProcess("conntrack-events", settings.command(), new SupervisedProcess.Listener() {
      @Override
      public void stdout(String line) {
        rec.line(line);
        handle(parser, line, Micros.now(), node, sink, metrics);
      }

      @Override
      public void stderr(String line) {
        if (line.contains("ENOBUFS") || line.contains("No buffer space available")) {
          metrics.overflow();
        }
      }
    }, Duration.ofSeconds(1), settings.maxBackoff(),
        "install the conntrack package (conntrack-tools); the agent needs CAP_NET_ADMIN");
    this.recorder = rec;
  }

  /** Parses one output line and emits its event, or counts why not; shared with replay. The fallback time is for
   * lines without a {@code [seconds.micros]} stamp. */
  static ConntrackEvent handle(ConntrackEventParser parser, String line, long fallbackMicros, String node,
      RecordSink sink, ConntrackMetrics metrics) {
    if (line.isBlank()) {
      return null;
    }
    ConntrackEventParser.Result r = parser.parse(line, fallbackMicros, node);
    if (r.event() == null) {
      metrics.reject(r.rejection());
      return null;
    }
    ConntrackEvent e = r.event();
    metrics.event(e.getEventType());
    sink.accept(new CapturedRecord(Topics.CAPTURE_CONNTRACK, e.getOriginal().getSrcIp(),
        Micros.of(e.getTimestamp()), e));
    return e;
  }

  @Override
  public void start() {
    metrics.eventsProcess(process);
    process.start();
  }

  public boolean healthy() {
    return process.running();
  }

  public SupervisedProcess process() {
    return process;
  }

  public ConntrackMetrics metrics() {
    return metrics;
  }

  @Override
  public String name() {
    return "conntrack";
  }

  @Override
  public String detail() {
    return "'" + String.join(" ", process.command()) + "' restarts=" + process.restarts() + " overflows="
        + metrics.overflows() + (process.lastError() == null ? "" : " last error: " + process.lastError());
  }

  @Override
  public void close() {
    process.close();
    recorder.close();
  }
}
