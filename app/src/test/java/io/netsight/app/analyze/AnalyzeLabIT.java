package io.netsight.app.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsight.app.NetsightCommand;
import io.netsight.testing.Privileged;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code netsight analyze} on an incident recorded in the test with the namespace lab: real glibc lookups captured on
 * the node's {@code any} interface, and cluster state files in which the client's address moved from a finished Job
 * pod to a web pod.
 */
@Privileged(tools = {"ip", "iptables", "dnsmasq", "tcpdump", "getent", "ss"})
class AnalyzeLabIT {

  @TempDir
  static Path dir;
  static Path pcap;
  static Instant firstPacket;

  @BeforeAll
  static void recordOneLookup() {
    firstPacket = LabIncident.recordCapture(dir, 1, 0);
    pcap = dir.resolve(LabIncident.PCAP);
  }

  record Run(int exitCode, String stdout, String stderr) {
  }

  static Run analyze(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = NetsightCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("analyze"));
    all.addAll(List.of(args));
    int rc = cl.execute(all.toArray(String[]::new));
    return new Run(rc, out.toString(), err.toString());
  }

  private static List<JsonNode> findings(String stdout) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : stdout.strip().split("\n")) {
      if (!line.isBlank()) {
        out.add(mapper.readTree(line));
      }
    }
    return out;
  }

  private static Path cluster(String name, Instant handover) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    LabIncident.writeCluster(d, handover);
    return d;
  }

  @Test
  void theGlibcLookupIsOneNdotsFindingForTheWebPodWithTheComputedFix() throws Exception {
    Path c = cluster("web-holds-the-ip", LabIncident.handoverBefore(firstPacket));

    Run run = analyze("--pcap", pcap.toString(), "--cluster", c.resolve(LabIncident.SNAPSHOT).toString(),
        "--cluster", c.resolve(LabIncident.WATCH).toString(), "--set", "detect.ndots.min-wasted-queries=1",
        "--output", "json");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<JsonNode> findings = findings(run.stdout());
    assertThat(findings).hasSize(1);
    JsonNode f = findings.get(0);
    assertThat(f.get("type").asText()).isEqualTo("NDOTS_AMPLIFICATION");
    assertThat(f.get("subject").get("namespace").asText()).isEqualTo("default");
    assertThat(f.get("subject").get("name").asText()).isEqualTo("web");
    assertThat(f.get("subject").get("workload").get("kind").asText()).isEqualTo("Deployment");
    assertThat(f.get("affected").get(0).get("name").asText()).isEqualTo(LabIncident.WEB_POD);
    assertThat(f.get("affected").get(0).get("ip").asText()).isEqualTo("10.244.1.2");
    assertThat(f.get("metrics").get("queries").asDouble()).isEqualTo(8.0);
    assertThat(f.get("metrics").get("wasted").asDouble()).isEqualTo(6.0);
    assertThat(f.get("metrics").get("amplification").asDouble()).isEqualTo(4.0);
    assertThat(f.get("metrics").get("recommendedNdots").asDouble()).isEqualTo(1.0);
    assertThat(f.get("recommendation").asText()).startsWith("Set ndots:1 for Deployment default/web")
        .contains("api.example.com.");
    assertThat(f.get("status").asText()).isEqualTo("OPEN");
    assertThat(run.stderr()).contains("analyze: 1 finding(s)");
  }

  @Test
  void whenTheCaptureFallsInTheJobPodsIntervalTheFindingNamesTheJobPod() throws Exception {
    Path c = cluster("job-holds-the-ip", LabIncident.handoverAfter(firstPacket));

    Run run = analyze("--pcap", pcap.toString(), "--cluster", c.resolve(LabIncident.SNAPSHOT).toString(),
        "--cluster", c.resolve(LabIncident.WATCH).toString(), "--set", "detect.ndots.min-wasted-queries=1",
        "--output", "json");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode f = findings(run.stdout()).get(0);
    assertThat(f.get("subject").get("name").asText()).isEqualTo("report");
    assertThat(f.get("subject").get("workload").get("kind").asText()).isEqualTo("CronJob");
    assertThat(f.get("affected").get(0).get("name").asText()).isEqualTo(LabIncident.JOB_POD);
  }

  @Test
  void printShowsTheEnrichedLookupsWithTheirPod() throws Exception {
    Path c = cluster("print", LabIncident.handoverBefore(firstPacket));

    Run run = analyze("--pcap", pcap.toString(), "--cluster", c.resolve(LabIncident.SNAPSHOT).toString(),
        "--cluster", c.resolve(LabIncident.WATCH).toString(), "--print", "netsight.enriched.dns.v1",
        "--output", "json");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<JsonNode> lines = findings(run.stdout());
    // 8 enriched transactions (the default thresholds make no finding of one lookup), no stream-time tick.
    assertThat(lines).hasSize(8).allSatisfy(l -> {
      assertThat(l.get("client").get("status").asText()).isEqualTo("ATTRIBUTED");
      assertThat(l.get("client").get("binding").get("name").asText()).isEqualTo(LabIncident.WEB_POD);
      assertThat(l.get("server").get("binding").get("name").asText()).isEqualTo("kube-dns");
      assertThat(l.get("transaction").get("backendIp").asText()).isEqualTo("10.244.2.2");
    });
  }
}
