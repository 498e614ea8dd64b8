package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.netsight.app.NetsightCommand;
import io.netsight.app.cli.ConfigOptions;
import io.netsight.ingest.agent.AgentConfig;
import io.netsight.ingest.agent.NodeAgent;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.ConntrackStats;
import io.netsight.schema.v1.KubeProxySample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code netsight agent --record DIR} then {@code netsight replay} of what it recorded: the agent runs the
 * conntrack-stats source on this machine's real /proc/net/stat/nf_conntrack and the kube-proxy source against a local
 * server answering like kube-proxy, publishes through its queue, and the replay of the recordings prints the same
 * records.
 */
class NodeSourcesRecordReplayIT {

  private static final String METRICS = """
      # HELP kubeproxy_sync_proxy_rules_duration_seconds [ALPHA] SyncProxyRules latency in seconds
      # TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram
      kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="0.001"} 1
      kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="+Inf"} 4
      kubeproxy_sync_proxy_rules_duration_seconds_sum{ip_family="IPv4"} 0.25
      kubeproxy_sync_proxy_rules_duration_seconds_count{ip_family="IPv4"} 4
      # HELP kubeproxy_sync_proxy_rules_iptables_total [ALPHA] Total number of iptables rules owned by kube-proxy
      # TYPE kubeproxy_sync_proxy_rules_iptables_total gauge
      kubeproxy_sync_proxy_rules_iptables_total{ip_family="IPv4",table="nat"} 48213
      """;

  @Test
  void whatTheAgentRecordedReplaysToTheSameRecords(@TempDir Path dir) throws Exception {
    HttpServer kubeProxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    kubeProxy.createContext("/metrics", ex -> {
      byte[] b = METRICS.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    kubeProxy.createContext("/proxyMode", ex -> {
      byte[] b = "iptables".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    kubeProxy.start();
    Path record = dir.resolve("incident");
    ConfigOptions options = new ConfigOptions();
    String url = "http://127.0.0.1:" + kubeProxy.getAddress().getPort();
    CommandLine.populateCommand(options, "--set", "conntrack.stats.interval.ms=200", "--set",
        "kube-proxy.interval.ms=200", "--set", "kube-proxy.metrics.url=" + url + "/metrics", "--set",
        "kube-proxy.proxy-mode.url=" + url + "/proxyMode");
    AgentConfig config = AgentCommand.config(options, null, null, "node-r", -1,
        List.of("conntrack-stats", "kube-proxy"), record);
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
        new ByteArraySerializer());
    try (NodeAgent agent = new NodeAgent(config, producer).start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> count(producer, Topics.CAPTURE_CONNTRACK_STATS.name()) >= 2
          && count(producer, Topics.CAPTURE_KUBE_PROXY.name()) >= 2);
      assertThat(agent.health()).allSatisfy(h -> assertThat(h.running()).as(h.detail()).isTrue());
    } finally {
      kubeProxy.stop(0);
    }
    List<ConntrackStats> published = new ArrayList<>();
    List<KubeProxySample> scraped = new ArrayList<>();
    producer.history().forEach(r -> {
      if (r.topic().equals(Topics.CAPTURE_CONNTRACK_STATS.name())) {
        published.add(Topics.CAPTURE_CONNTRACK_STATS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      } else if (r.topic().equals(Topics.CAPTURE_KUBE_PROXY.name())) {
        scraped.add(Topics.CAPTURE_KUBE_PROXY.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      }
    });
    assertThat(scraped.get(0).getMode()).isEqualTo("iptables");
    assertThat(scraped.get(0).getRuleCounts()).containsEntry("iptables/nat", 48213L);
    assertThat(published.get(0).getNode()).isEqualTo("node-r");
    assertThat(Files.list(record).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("conntrack-stats.txt", "kube-proxy-metrics.txt");

    // replay what was recorded
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    StringWriter errors = new StringWriter();
    CommandLine cl = NetsightCommand.commandLine();
    cl.setErr(new PrintWriter(errors, true));
    ((ReplayCommand) cl.getSubcommands().get("replay").getCommand()).streams(
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    int exit = cl.execute("replay", "--print", "--node", "node-r",
        "--conntrack-stats", record.resolve("conntrack-stats.txt").toString(),
        "--kube-proxy-metrics", record.resolve("kube-proxy-metrics.txt").toString());

    assertThat(exit).as(errors.toString()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(json.readTree(line));
    }
    List<JsonNode> stats = lines.stream().filter(l -> l.has("cpus")).toList();
    List<JsonNode> samples = lines.stream().filter(l -> l.has("ruleCounts")).toList();
    assertThat(stats).hasSizeGreaterThanOrEqualTo(published.size());
    assertThat(samples).hasSizeGreaterThanOrEqualTo(scraped.size());
    assertThat(stats.get(0).get("invalid").asLong()).isEqualTo(published.get(0).getInvalid());
    assertThat(stats.get(0).get("cpus").asInt()).isEqualTo(published.get(0).getCpus());
    assertThat(samples.get(0).get("mode").asText()).isEqualTo("iptables");
    assertThat(samples.get(0).get("endpoint").asText()).isEqualTo(url + "/metrics");
    assertThat(samples.get(0).get("syncDuration").get("count").asLong()).isEqualTo(4);
  }

  private static long count(MockProducer<String, byte[]> producer, String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).count();
  }
}
