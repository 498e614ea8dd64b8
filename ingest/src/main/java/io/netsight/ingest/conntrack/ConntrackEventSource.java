package io.netsight.ingest.conntrack;

import io.netsight.ingest.sourcekit.CapturedRecord;
import io.netsight.ingest.sourcekit.Micros;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.sourcekit.RecordSink;
import io.netsight.ingest.sourcekit.SupervisedProcess;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.ConntrackEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Conntrack events of the network namespace the agent runs in (the host's, in the DaemonSet with hostNetwork):
 * {@code conntrack -E -o timestamp,extended,id --buffer-size N} as a supervised child. Each line becomes a
 * {@code ConntrackEvent} keyed by original source IP on {@code netsight.capture.conntrack.v1}. When the kernel drops
 * events because the netlink buffer is full, conntrack says so on stderr ("We have hit ENOBUFS", or "No buffer space
 * available" from versions that then exit): each such report is counted as an overflow, and a child that exited is
 * restarted with backoff.
 */
public final class ConntrackEventSource implements AutoCloseable {

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
    metrics.gauge("netsight_conntrack_events_up", "1 while the conntrack -E child process runs.",
        () -> process.running() ? 1 : 0);
    metrics.gauge("netsight_conntrack_events_restarts", "Times the conntrack -E child was started again.",
        process::restarts);
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
    sink.accept(new CapturedRecord<>(Topics.CAPTURE_CONNTRACK, e.getOriginal().getSrcIp(), e,
        Micros.of(e.getTimestamp())));
    return e;
  }

  public void start() {
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
  public void close() {
    process.close();
  }
}
