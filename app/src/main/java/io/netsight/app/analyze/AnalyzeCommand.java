package io.netsight.app.analyze;

import io.netsight.app.cli.ConfigOptions;
import io.netsight.app.config.ConfigSources;
import io.netsight.schema.AvroJson;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netsight analyze}: the whole pipeline on one machine over files recorded during an incident. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the whole pipeline on this machine over recorded files, with the code of the live roles: starts an "
            + "in-JVM Kafka broker, publishes the cluster state as the identity publisher would (with the validity "
            + "times of the objects, so reused IPs are attributed to the pod that held them at the time), replays the "
            + "captures with their original timestamps as `netsight replay` does, runs `netsight streams` "
            + "(enrichment and detectors) until every input is processed and every window has closed, and prints "
            + "the findings (the last revision of each episode), most severe first.",
        "For an incident postmortem: capture on the node with `tcpdump -i any -w dns.pcap port 53` (or "
            + "`netsight agent --record DIR`) and record the cluster with `kubectl get pods,services,endpointslices,"
            + "nodes -A -o yaml > cluster.yaml` and/or `kubectl get pods -A --watch --output-watch-events -o json > "
            + "pods-watch.json`.",
        ""})
public final class AnalyzeCommand implements Callable<Integer> {

  /** Output formats. */
  enum Output { table, json }

  @Option(names = "--pcap", paramLabel = "FILE", description = "Packet capture (pcap or pcapng, any link type "
      + "tcpdump writes, incl. -i any); repeatable. Several files are merged by time as one node's capture.")
  List<Path> pcaps = new ArrayList<>();

  @Option(names = "--kernel-log", paramLabel = "FILE", description = "Kernel log recording: /dev/kmsg records after "
      + "a '# netsight-boot-time' line, kern.log syslog lines, or journalctl -k -o json lines; repeatable.")
  List<Path> kernelLogs = new ArrayList<>();

  @Option(names = "--conntrack-events", paramLabel = "FILE",
      description = "Output of conntrack -E -o timestamp,extended,id; repeatable.")
  List<Path> conntrackEvents = new ArrayList<>();

  @Option(names = "--conntrack-stats", paramLabel = "FILE", description = "/proc/net/stat/nf_conntrack samples, "
      + "each after a '# netsight-sample TIME' line (netsight agent --record writes them); repeatable.")
  List<Path> conntrackStats = new ArrayList<>();

  @Option(names = "--kube-proxy-metrics", paramLabel = "FILE", description = "kube-proxy /metrics answers, each "
      + "after a '# netsight-sample TIME' line; repeatable.")
  List<Path> kubeProxyMetrics = new ArrayList<>();

  @Option(names = "--cluster", paramLabel = "FILE", required = true,
      description = "Kubernetes objects: `kubectl get pods,services,endpointslices,nodes -A -o yaml|json` (a List), "
          + "or a watch stream `kubectl get pods -A --watch --output-watch-events -o json`; repeatable.")
  List<Path> clusterFiles = new ArrayList<>();

  @Option(names = "--output", paramLabel = "table|json",
      description = "table: one line per finding with its fix (default when stdout is a terminal); json: one JSON "
          + "object per finding, fields as in the Finding schema, nothing else on stdout (default otherwise).")
  Output output;

  @Option(names = "--details", description = "With --output table: the whole recommendation and the evidence of "
      + "each finding under the table.")
  boolean details;

  @Option(names = "--print", paramLabel = "TOPIC", description = "Also print every record of this topic as JSON "
      + "lines, e.g. netsight.enriched.dns.v1 to check attribution; repeatable (`netsight topics` lists them).")
  List<String> printTopics = new ArrayList<>();

  @Option(names = "--elasticsearch", paramLabel = "URL", description = "Also write the findings, the enriched "
      + "evidence and the IP bindings to this Elasticsearch (as `netsight sink elasticsearch` does).")
  String elasticsearch;

  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Spec
  void footer(CommandSpec spec) {
    spec.usageMessage().footer("", "Exit codes: 0 the analysis ran (with or without findings); 2 bad arguments or "
        + "unreadable input; 1 a failure while running.", "",
        "Configuration keys (--config FILE, NETSIGHT_<KEY>, --set KEY=VALUE; kafka.* keys go to Kafka Streams):",
        ConfigSources.helpText(Analysis.configDef()));
  }

  @Override
  public Integer call() throws InterruptedException {
    Analysis.Inputs inputs = new Analysis.Inputs(pcaps, kernelLogs, conntrackEvents, conntrackStats,
        kubeProxyMetrics, clusterFiles);
    if (inputs.empty()) {
      throw new IllegalArgumentException("nothing to analyze: give at least one input (--pcap, --kernel-log, "
          + "--conntrack-events, --conntrack-stats, --kube-proxy-metrics)");
    }
    for (List<Path> files : List.of(pcaps, kernelLogs, conntrackEvents, conntrackStats, kubeProxyMetrics,
        clusterFiles)) {
      files.forEach(AnalyzeCommand::readable);
    }
    List<TopicSpec<?, ?>> print = new ArrayList<>();
    for (String name : printTopics) {
      TopicSpec<?, ?> t = Topics.byName(name).orElseThrow(() -> new IllegalArgumentException(
          "--print " + name + ": not a netsight topic (netsight topics lists them)"));
      if (t.valueTypeName().equals("bytes")) {
        throw new IllegalArgumentException("--print " + name + ": a dead-letter topic holds raw bytes, not records");
      }
      print.add(t);
    }
    Map<String, String> resolved = config.resolve(Analysis.configDef(), Set.of("kafka."));
    new org.apache.kafka.common.config.AbstractConfig(Analysis.configDef(), resolved, false); // values checked now
    Output format = output != null ? output : System.console() != null ? Output.table : Output.json;
    PrintWriter err = spec.commandLine().getErr();
    Analysis.Result result = Analysis.run(inputs, resolved, print,
        elasticsearch, line -> {
          err.println("analyze: " + line);
          err.flush();
        });
    PrintWriter out = spec.commandLine().getOut();
    result.printed().forEach((topic, records) -> records.forEach(r -> out.println(AvroJson.toJson(r))));
    if (format == Output.json) {
      FindingsReport.json(result.findings(), out);
    } else {
      FindingsReport.table(result.findings(), out, details);
    }
    err.println("analyze: " + result.summary().describe());
    err.println("analyze: " + result.findings().size() + " finding(s)");
    err.flush();
    return 0;
  }

  static void readable(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("cannot read " + file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("cannot read " + file + ": it is a directory");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read " + file + ": permission denied");
    }
  }
}
