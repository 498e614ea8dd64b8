package io.netsight.ingest.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.ingest.lab.NetnsLab;
import io.netsight.ingest.lab.Shell;
import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackEventType;
import io.netsight.schema.v1.ConntrackStats;
import io.netsight.testing.Privileged;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kernel: a client namespace, a "node" namespace that DNATs a ClusterIP (10.96.0.10:53) to three backends the
 * way kube-proxy's iptables mode does (statistic nth), and a backends namespace running dnsmasq on the three
 * addresses. The production sources run against the node namespace: conntrack -E through {@code ip netns exec}, the
 * stats sampler on {@code /proc/<pid>/net/stat/nf_conntrack} of a process in it.
 */
@Privileged(tools = {"ip", "iptables", "conntrack", "dnsmasq", "ss", "bash", "sleep"})
class ConntrackSourcesIT {

  private static final String VIP = "10.96.0.10";
  private static final Set<String> BACKENDS = Set.of("10.202.2.11", "10.202.2.12", "10.202.2.13");

  @Test
  void dnatEventsNameTheBackendAndInvalidSegmentsMoveTheInvalidCounter(@TempDir Path tmp) throws Exception {
    Sinks<ConntrackEvent> events = new Sinks<>(ConntrackEvent.class);
    Sinks<ConntrackStats> stats = new Sinks<>(ConntrackStats.class);
    ConntrackMetrics metrics = new ConntrackMetrics(new PrometheusRegistry());
    try (NetnsLab lab = new NetnsLab()) {
      // Given a node namespace that DNATs the ClusterIP to three backends
      String client = lab.namespace("ns8-ct-client");
      String node = lab.namespace("ns8-ct-node");
      String backends = lab.namespace("ns8-ct-backends");
      String[] c = lab.veth("c", client, node);
      String[] b = lab.veth("s", backends, node);
      Shell.run("ip", "-n", client, "addr", "add", "10.202.1.2/24", "dev", c[0]);
      Shell.run("ip", "-n", node, "addr", "add", "10.202.1.1/24", "dev", c[1]);
      Shell.run("ip", "-n", node, "addr", "add", "10.202.2.1/24", "dev", b[1]);
      for (String ip : BACKENDS) {
        Shell.run("ip", "-n", backends, "addr", "add", ip + "/24", "dev", b[0]);
      }
      Shell.run("ip", "-n", client, "route", "add", "default", "via", "10.202.1.1");
      Shell.run("ip", "-n", backends, "route", "add", "default", "via", "10.202.2.1");
      Shell.inNs(node, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.netfilter.nf_conntrack_acct=1",
          "net.netfilter.nf_conntrack_timestamp=1");
      String[][] dnat = {{"--every", "3"}, {"--every", "2"}, null};
      String[] targets = {"10.202.2.11", "10.202.2.12", "10.202.2.13"};
      for (int i = 0; i < 3; i++) {
        List<String> rule = new java.util.ArrayList<>(List.of("iptables", "-t", "nat", "-A", "PREROUTING", "-d",
            VIP, "-p", "tcp", "--dport", "53"));
        if (dnat[i] != null) {
          rule.addAll(List.of("-m", "statistic", "--mode", "nth", dnat[i][0], dnat[i][1], "--packet", "0"));
        }
        rule.addAll(List.of("-j", "DNAT", "--to-destination", targets[i] + ":53"));
        Shell.inNs(node, rule.toArray(String[]::new));
      }
      lab.start("ip", "netns", "exec", backends, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
          "--no-resolv", "--no-hosts", "--port=53", "--bind-interfaces", "--user=root",
          "--pid-file=" + tmp.resolve("dnsmasq.pid"), "--listen-address=" + String.join(",", targets),
          "--address=/svc.test/192.0.2.1");
      await().atMost(Duration.ofSeconds(10)).until(() -> Shell.inNs(backends, "ss", "-ltn").contains(":53"));
      long nodePid = lab.start("ip", "netns", "exec", node, "sleep", "600").pid();

      ConntrackEventSource eventSource = new ConntrackEventSource(new ConntrackEventSource.Settings(
          List.of("ip", "netns", "exec", node), "conntrack", 4L * 1024 * 1024, Duration.ofSeconds(5)),
          "node-it", events, metrics, null);
      ConntrackStatsSampler sampler = new ConntrackStatsSampler(new ConntrackStatsSampler.Settings(
          Path.of("/proc/" + nodePid + "/net/stat/nf_conntrack"), null, Duration.ofMillis(200)), "node-it", stats,
          metrics, null);
      eventSource.start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(eventSource::healthy);
        // conntrack subscribes to netlink after it starts: wait for a probe connection's event before the real ones
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
          Shell.runIgnoringFailure("ip", "netns", "exec", client, "bash", "-c", "exec 3<>/dev/tcp/" + VIP + "/53");
          return !events.values().isEmpty();
        });
        events.records.clear();

        // When the client opens six connections to the ClusterIP and the node deletes their entries
        for (int i = 0; i < 6; i++) {
          Shell.inNs(client, "bash", "-c", "exec 3<>/dev/tcp/" + VIP + "/53; exec 3>&-");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> events.values().stream()
            .filter(e -> e.getEventType() == ConntrackEventType.NEW).count() >= 6);
        Shell.inNs(node, "conntrack", "-D", "-p", "tcp", "-s", "10.202.1.2");

        // Then every NEW event has the VIP in the original tuple and one of the backends as reply source
        await().atMost(Duration.ofSeconds(10)).until(() -> events.values().stream()
            .filter(e -> e.getEventType() == ConntrackEventType.DESTROY).count() >= 6);
        List<ConntrackEvent> created = events.values().stream()
            .filter(e -> e.getEventType() == ConntrackEventType.NEW).toList();
        assertThat(created).allSatisfy(e -> {
          assertThat(e.getOriginal().getSrcIp()).isEqualTo("10.202.1.2");
          assertThat(e.getOriginal().getDstIp()).isEqualTo(VIP);
          assertThat(e.getOriginal().getDstPort()).isEqualTo(53);
          assertThat(e.getReply().getSrcIp()).isIn(BACKENDS);
          assertThat(e.getReply().getDstIp()).isEqualTo("10.202.1.2");
          assertThat(e.getTcpState()).isEqualTo("SYN_SENT");
          assertThat(e.getStatus()).contains("UNREPLIED");
          assertThat(e.getConntrackId()).isNotNull();
        });
        assertThat(created.stream().map(e -> e.getReply().getSrcIp()).collect(Collectors.toSet()))
            .as("kube-proxy-style nth rules spread six connections over the three backends").isEqualTo(BACKENDS);
        assertThat(events.values()).anySatisfy(e -> {
          assertThat(e.getEventType()).isEqualTo(ConntrackEventType.UPDATE);
          assertThat(e.getTcpState()).isEqualTo("ESTABLISHED");
          assertThat(e.getStatus()).contains("ASSURED");
        });
        assertThat(events.values().stream().filter(e -> e.getEventType() == ConntrackEventType.DESTROY))
            .allSatisfy(e -> {
              assertThat(e.getOriginal().getPackets()).as("accounting on").isPositive();
              assertThat(e.getReply().getBytes()).isPositive();
              assertThat(e.getLifetimeSeconds()).as("timestamps on").isNotNull();
            });
        assertThat(events.records).allSatisfy(r -> assertThat(r.key()).isEqualTo("10.202.1.2"));

        // And when mid-stream segments reach a node that no longer tracks their connection (loose pickup off)
        Shell.inNs(node, "sysctl", "-qw", "net.netfilter.nf_conntrack_tcp_loose=0");
        ConntrackStats before = sampler.sampleOnce();
        Path connected = tmp.resolve("connected");
        Path flushed = tmp.resolve("flushed");
        Process conn = lab.start("ip", "netns", "exec", client, "bash", "-c", "exec 3<>/dev/tcp/" + VIP + "/53; "
            + "touch " + connected + "; while [ ! -e " + flushed + " ]; do sleep 0.05; done; "
            + "printf 'abcdefgh' >&3; printf 'ijkl' >&3; exec 3>&-");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(connected));
        Shell.inNs(node, "conntrack", "-F");
        Files.createFile(flushed);
        sampler.start();

        // Then the stats sample's invalid counter moves
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
          ConntrackStats last = stats.values().get(stats.values().size() - 1);
          assertThat(last.getInvalid()).isGreaterThan(before.getInvalid());
          assertThat(last.getCounters().get("invalid")).isEqualTo(last.getInvalid());
          assertThat(last.getNode()).isEqualTo("node-it");
        });
        conn.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(metrics.overflows()).isZero();
      } finally {
        sampler.close();
        eventSource.close();
      }
      assertThat(eventSource.healthy()).isFalse();
    }
  }
}
