package io.netsight.app.analyze;

import io.netsight.app.cli.ConfigOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netsight demo}: {@code netsight analyze} on the bundled incident, with an explanation. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Runs `netsight analyze` on a bundled incident: DNS lookups captured on a node (real glibc lookups in the "
            + "project's network-namespace lab, seen before and after the kube-dns ClusterIP DNAT) and the cluster "
            + "state of that moment, in which the pod's IP had belonged to a CronJob's pod until seconds before. "
            + "Prints the findings and what they mean. Needs no root, no libpcap, no Docker, no network.",
        ""})
public final class DemoCommand implements Callable<Integer> {

  static final String PCAP = "node-a-any.pcap";
  static final String SNAPSHOT = "cluster.yaml";
  static final String WATCH = "pods-watch.json";
  /** The bundled files, under /demo/ on the classpath (app/src/main/resources/demo). */
  static final List<String> FILES = List.of("README.md", PCAP, SNAPSHOT, WATCH);

  @Option(names = "--output", paramLabel = "table|json", defaultValue = "table",
      description = "table (default) with the explanation, or json: one JSON object per finding.")
  AnalyzeCommand.Output output;

  @Option(names = "--keep", paramLabel = "DIR", description = "Copy the bundled capture and cluster files to DIR, "
      + "to run `netsight analyze` on them yourself.")
  Path keep;

  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> resolved = config.resolve(Analysis.configDef(), Set.of("kafka."));
    new org.apache.kafka.common.config.AbstractConfig(Analysis.configDef(), resolved, false); // values checked now
    Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("netsight-demo-");
    try {
      for (String name : FILES) {
        extract(name, dir.resolve(name));
      }
      if (output == AnalyzeCommand.Output.table) {
        out.println("""
            netsight demo: an incident on node-a, replayed through the real pipeline on this machine.

            Pod web-7d9c5b6f4-x2x9q (Deployment default/web) got IP 10.244.1.2 20 s before the capture; until 30 s
            before that, 10.244.1.2 belonged to report-29397360-8xq2m, a pod of CronJob default/report. On the node,
            tcpdump -i any recorded the web pod resolving api.example.com 4 times and the Service name "payments"
            twice, with the pod's resolv.conf exactly as kubelet writes it (ndots:5, 3 search domains). Kafka, the
            identity bindings, the enrichment and the ndots detector run here as they do in a cluster.
            """);
        out.flush();
      }
      Analysis.Result result = Analysis.run(Analysis.Inputs.captures(List.of(dir.resolve(PCAP)),
          List.of(dir.resolve(SNAPSHOT), dir.resolve(WATCH))), resolved, List.of(), null,
          line -> {
            err.println("demo: " + line);
            err.flush();
          });
      if (output == AnalyzeCommand.Output.json) {
        FindingsReport.json(result.findings(), out);
        return 0;
      }
      FindingsReport.table(result.findings(), out, true);
      out.println("""

          What you are looking at:
          - Every lookup of api.example.com cost 8 DNS queries: with ndots:5 a name with fewer than 5 dots is tried
            with each search suffix first (3 x A/AAAA NXDOMAIN) before the name itself. netsight counted them per
            workload and computed the fix by replaying the resolver's search order over the names really looked up:
            ndots:1 keeps "payments" (found by the first search suffix) working and drops the wasted queries.
          - The finding names Deployment default/web, not the CronJob whose pod held 10.244.1.2 a minute earlier:
            attribution uses the owner of the IP at each packet's own time (time-versioned bindings).
          - To analyze your own incident: netsight analyze --pcap FILE --cluster FILE [--cluster FILE] (see --help).
            The files of this demo: netsight demo --keep DIR. More: README.md, docs/runbooks/ndots-amplification.md.""");
      out.flush();
      return 0;
    } finally {
      if (keep == null) {
        io.netsight.app.kafka.EmbeddedKafka.deleteRecursively(dir);
      }
    }
  }

  private static void extract(String name, Path to) {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the demo file " + name + " is missing from the netsight jar");
      }
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + to, e);
    }
  }
}
