package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsight.app.NetsightCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netsight replay} on recordings of the kernel-log, conntrack, conntrack-stats and kube-proxy sources. */
class NodeSourcesReplayCommandTest {

  // Lines as the sources record them (docs/node-agent-sources.md); the kmsg and conntrack lines are real output
  // captured on kernel 6.18 (see ingest's test resources).
  private static final String KERNEL_LOG = """
      # netsight-boot-time 2026-11-26T10:39:37.000000Z
      4,349,1509259019,-;calico-drop: IN=vb18750 OUT= MAC=1a:f7:ba:42:b8:72:92:ad:36:4b:99:88:08:00 SRC=10.88.0.1 \
      DST=10.88.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=51500 DF PROTO=TCP SPT=54726 DPT=8080 WINDOW=64240 RES=0x00 \
      SYN URGP=0
      6,350,1509300000,-;EXT4-fs (vda): mounted filesystem
      """;
  private static final String CONNTRACK_EVENTS = "[1795691146.551773]\t    [NEW] ipv4     2 tcp      6 120 SYN_SENT "
      + "src=10.89.1.2 dst=10.96.0.10 sport=50026 dport=53 [UNREPLIED] src=10.89.2.11 dst=10.89.1.2 sport=53 "
      + "dport=50026 id=3936306075\n";
  private static final String CONNTRACK_STATS = """
      # netsight-sample 2026-11-26T11:05:45.000000Z
      entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  \
      expect_new expect_create expect_delete search_restart
      00000104  00000001 0000000a 00000000 00000010 00000000 00000000 00000000 00000000 00000002 00000001 00000000 \
      00000003  00000000 00000000 00000000 00000005
      net.netfilter.nf_conntrack_max = 262144
      """;
  private static final String KUBE_PROXY = """
      # netsight-sample 2026-11-26T11:05:47.000000Z
      # netsight-proxy-mode iptables
      # TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram
      kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="0.001"} 1
      kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="+Inf"} 4
      kubeproxy_sync_proxy_rules_duration_seconds_sum{ip_family="IPv4"} 0.25
      kubeproxy_sync_proxy_rules_duration_seconds_count{ip_family="IPv4"} 4
      kubeproxy_sync_proxy_rules_iptables_total{ip_family="IPv4",table="nat"} 48213
      """;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final StringWriter errors = new StringWriter();

  private int run(String... args) {
    CommandLine cl = NetsightCommand.commandLine();
    cl.setErr(new PrintWriter(errors, true));
    ((ReplayCommand) cl.getSubcommands().get("replay").getCommand()).streams(
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    return cl.execute(args);
  }

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void everyRecordingKindPrintsItsRecordsMergedInEventTimeOrder() throws Exception {
    int exit = run("replay", "--print", "--node", "node-7",
        "--kernel-log", file("kernel-log.txt", KERNEL_LOG).toString(),
        "--conntrack-events", file("conntrack-events.txt", CONNTRACK_EVENTS).toString(),
        "--conntrack-stats", file("conntrack-stats.txt", CONNTRACK_STATS).toString(),
        "--kube-proxy-metrics", file("kube-proxy-metrics.txt", KUBE_PROXY).toString());

    assertThat(exit).as(errors.toString()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(json.readTree(line));
    }
    assertThat(lines).extracting(l -> l.get("timestamp").asText()).containsExactly(
        "2026-11-26T11:04:46.259019Z", "2026-11-26T11:05:45.000000Z", "2026-11-26T11:05:46.551773Z",
        "2026-11-26T11:05:47.000000Z");
    assertThat(lines).allSatisfy(l -> assertThat(l.get("node").asText()).isEqualTo("node-7"));
    assertThat(lines.get(0).get("prefix").asText()).isEqualTo("calico-drop:");
    assertThat(lines.get(0).get("dstPort").asInt()).isEqualTo(8080);
    assertThat(lines.get(1).get("insertFailed").asLong()).isEqualTo(2);
    assertThat(lines.get(1).get("max").asLong()).isEqualTo(262144);
    assertThat(lines.get(2).get("reply").get("srcIp").asText()).isEqualTo("10.89.2.11");
    assertThat(lines.get(3).get("mode").asText()).isEqualTo("iptables");
    assertThat(lines.get(3).get("ruleCounts").get("iptables/nat").asLong()).isEqualTo(48213);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("KernelDrop").contains("ConntrackEvent")
        .contains("ConntrackStats").contains("KubeProxySample");
  }

  @Test
  void kernelLogPrefixesComeFromTheConfiguration() throws Exception {
    Path log = file("kernel-log.txt", KERNEL_LOG);

    assertThat(run("replay", "--print", "--kernel-log", log.toString(), "--set",
        "kernel.log.prefixes=np-drop:")).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void withoutAnyInputItSaysWhatItNeeds() {
    assertThat(run("replay", "--print")).isEqualTo(2);
    assertThat(errors.toString()).contains("--kernel-log").contains("--pcap");
    assertThat(run("replay", "--print", "--conntrack-stats", dir.resolve("missing.txt").toString())).isEqualTo(2);
    assertThat(errors.toString()).contains("missing.txt");
  }
}
