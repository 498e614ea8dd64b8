package io.netsight.app.agent;

import io.netsight.app.cli.ConfigOptions;
import io.netsight.app.config.ConfigSources;
import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Rejection;
import io.netsight.ingest.pcap.CaptureFileException;
import io.netsight.ingest.publish.KafkaRecordPublisher;
import io.netsight.ingest.replay.CaptureReplay;
import io.netsight.ingest.replay.ReplayConfig;
import io.netsight.ingest.replay.ReplayInput;
import io.netsight.ingest.sourcekit.NodeSources;
import io.netsight.schema.AvroJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netsight replay}: capture files through the agent's own decoding and pairing, published with their original
 * timestamps or printed as JSON lines.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
        "Reads pcap/pcapng captures (tcpdump -w, Wireshark; no libpcap needed) exactly as the agent would have seen "
            + "the packets, and publishes the DnsTransaction and TcpReset records with their original timestamps to "
            + "Kafka, or prints them with --print: one JSON object per line, field names as in the Avro schema, in "
            + "event-time order. Several files are merged by packet time, as one node's capture. Recordings of the "
            + "other sources (netsight agent --record, or the raw tool output with a timestamp line: see "
            + "docs/node-agent-sources.md) replay the same way into KernelDrop, ConntrackEvent, ConntrackStats and "
            + "KubeProxySample records.",
        ""})
public final class ReplayCommand implements Callable<Integer> {

  static final CaptureSourceRegistry REGISTRY = CaptureSourceRegistry.standard();

  @Option(names = "--pcap", paramLabel = "FILE", arity = "1..*",
      description = "Capture file(s): pcap (micro/nanosecond, either byte order) or pcapng.")
  List<Path> pcaps = new ArrayList<>();

  @Option(names = "--kernel-log", paramLabel = "FILE", arity = "1..*",
      description = "Kernel log recording(s): /dev/kmsg records after a '# netsight-boot-time' line, kern.log syslog "
          + "lines, or journalctl -o json lines.")
  List<Path> kernelLogs = new ArrayList<>();

  @Option(names = "--conntrack-events", paramLabel = "FILE", arity = "1..*",
      description = "Output of conntrack -E -o timestamp,extended,id.")
  List<Path> conntrackEvents = new ArrayList<>();

  @Option(names = "--conntrack-stats", paramLabel = "FILE", arity = "1..*",
      description = "/proc/net/stat/nf_conntrack samples, each after a '# netsight-sample TIME' line.")
  List<Path> conntrackStats = new ArrayList<>();

  @Option(names = "--kube-proxy-metrics", paramLabel = "FILE", arity = "1..*",
      description = "kube-proxy /metrics answers, each after a '# netsight-sample TIME' line.")
  List<Path> kubeProxyMetrics = new ArrayList<>();

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Kafka to publish to.")
  String bootstrapServer;

  @Option(names = "--print", description = "Print the records as JSON lines on stdout instead of publishing.")
  boolean print;

  @Option(names = "--node", paramLabel = "NAME", defaultValue = "replay",
      description = "Node name the records carry (default: ${DEFAULT-VALUE}).")
  String node;

  @Option(names = "--sources", paramLabel = "NAME", split = ",",
      description = "Packet sources to replay (default: all: dns, reset); --sources dns prints only DNS.")
  List<String> sources;

  @Mixin
  ConfigOptions config;

  private PrintStream out = System.out;
  private PrintStream err = System.err;

  @Spec
  void spec(CommandSpec spec) {
    spec.usageMessage().footer("", "Configuration keys (--config FILE, NETSIGHT_<KEY>, --set KEY=VALUE; kafka.* keys "
        + "go to the producer):", ConfigSources.helpText(ReplayConfig.configDef(REGISTRY)));
  }

  /** For tests: where --print and the summary go. */
  ReplayCommand streams(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    return this;
  }

  @Override
  public Integer call() {
    if (print == (bootstrapServer != null)) {
      throw new IllegalArgumentException("give either --print or --bootstrap-server HOST:PORT");
    }
    ReplayConfig replayConfig = new ReplayConfig(config.resolve(ReplayConfig.configDef(REGISTRY),
        Set.of(ReplayConfig.KAFKA_PREFIX)), REGISTRY);
    if (pcaps.isEmpty() && kernelLogs.isEmpty() && conntrackEvents.isEmpty() && conntrackStats.isEmpty()
        && kubeProxyMetrics.isEmpty()) {
      throw new IllegalArgumentException("give at least one input: --pcap, --kernel-log, --conntrack-events, "
          + "--conntrack-stats or --kube-proxy-metrics");
    }
    List<String> names = sources == null ? List.copyOf(REGISTRY.packetAnalyzerNames()) : REGISTRY.validate(sources);
    IngestMetrics metrics = new IngestMetrics();
    List<ReplayInput> inputs = new ArrayList<>();
    try {
      if (!pcaps.isEmpty()) {
        inputs.add(replayConfig.packetFiles(pcaps, node, names, metrics));
      }
      inputs.addAll(NodeSources.replayInputs(kernelLogs, conntrackEvents, conntrackStats, kubeProxyMetrics, node,
          replayConfig, metrics.registry()));
    } catch (CaptureFileException | UncheckedIOException e) {
      inputs.forEach(ReplayInput::close);
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    CaptureReplay.Summary summary;
    try {
      if (print) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        RecordSink sink = r -> {
          try {
            AvroJson.write((IndexedRecord) r.value(), w);
            w.write('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
        summary = CaptureReplay.run(inputs, sink, ProgressBar.forStderr());
        flush(w);
      } else {
        Map<String, Object> overrides = new HashMap<>(replayConfig.originalsWithPrefix(ReplayConfig.KAFKA_PREFIX));
        overrides.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(KafkaRecordPublisher.producer(
            KafkaRecordPublisher.producerConfig("netsight-replay", overrides)), 10_000,
            KafkaRecordPublisher.WhenFull.BLOCK, metrics).start();
        try {
          summary = CaptureReplay.run(inputs, publisher, ProgressBar.forStderr());
        } finally {
          publisher.close(Duration.ofSeconds(60));
        }
        long failed = REGISTRY_TOPICS.stream().mapToLong(t -> publisher.count(t, "failed")).sum();
        if (failed > 0) {
          throw new IllegalStateException(failed + " of " + summary.records() + " records were not accepted by Kafka"
              + " at " + bootstrapServer + (publisher.lastError() == null ? "" : ": " + publisher.lastError()));
        }
      }
    } finally {
      inputs.forEach(ReplayInput::close);
    }
    err.println(summaryLine(summary, metrics));
    err.flush();
    return 0;
  }

  private static final List<String> REGISTRY_TOPICS = List.of(io.netsight.schema.Topics.CAPTURE_DNS.name(),
      io.netsight.schema.Topics.CAPTURE_TCP_RESET.name(), io.netsight.schema.Topics.CAPTURE_KERNEL_DROP.name(),
      io.netsight.schema.Topics.CAPTURE_CONNTRACK.name(), io.netsight.schema.Topics.CAPTURE_CONNTRACK_STATS.name(),
      io.netsight.schema.Topics.CAPTURE_KUBE_PROXY.name());

  private static void flush(Writer w) {
    try {
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String summaryLine(CaptureReplay.Summary s, IngestMetrics m) {
    StringBuilder sb = new StringBuilder("replay: ").append(s.items()).append(" packets, ")
        .append((long) m.packetsDecoded.get()).append(" decoded, ").append(m.rejectedTotal()).append(" rejected");
    List<String> reasons = new ArrayList<>();
    for (Rejection r : Rejection.values()) {
      long n = m.rejected(r);
      if (n > 0) {
        reasons.add(r.label() + "=" + n);
      }
    }
    if (!reasons.isEmpty()) {
      sb.append(" (").append(String.join(", ", reasons)).append(')');
    }
    sb.append("; records:");
    if (s.recordsByTopic().isEmpty()) {
      sb.append(" none");
    }
    s.recordsByTopic().forEach((type, n) -> sb.append(' ').append(n).append(' ').append(type));
    return sb.toString();
  }
}
