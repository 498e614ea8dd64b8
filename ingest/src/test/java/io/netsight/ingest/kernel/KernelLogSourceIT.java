package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.ingest.lab.NetnsLab;
import io.netsight.ingest.lab.Shell;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KernelLogSource;
import io.netsight.testing.Privileged;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Real kernel: a client pod and a blocked pod (two network namespaces on a veth), an iptables LOG + DROP rule and an
 * nftables log + drop rule in the blocked pod, traffic from the client, and the kernel's own lines read from
 * /dev/kmsg by the production source.
 */
@Privileged(tools = {"ip", "iptables", "ip6tables", "nft", "bash", "timeout"})
class KernelLogSourceIT {

  @Test
  void iptablesAndNftablesDropLinesFromKmsgBecomeKernelDrops() throws Exception {
    TestSinks.Drops sink = new TestSinks.Drops();
    try (NetnsLab lab = new NetnsLab()) {
      // Given a client pod and a blocked pod whose policy logs and drops
      String client = lab.namespace("ns8-client");
      String blocked = lab.namespace("ns8-blocked");
      String[] veth = lab.veth("k", client, blocked);
      Shell.run("ip", "-n", client, "addr", "add", "10.201.0.1/24", "dev", veth[0]);
      Shell.run("ip", "-n", blocked, "addr", "add", "10.201.0.2/24", "dev", veth[1]);
      Shell.run("ip", "-n", client, "addr", "add", "fd20:1::1/64", "dev", veth[0], "nodad");
      Shell.run("ip", "-n", blocked, "addr", "add", "fd20:1::2/64", "dev", veth[1], "nodad");
      Shell.inNs(blocked, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "8080", "-j", "LOG", "--log-prefix",
          "calico-drop: ");
      Shell.inNs(blocked, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "8080", "-j", "DROP");
      Shell.inNs(blocked, "ip6tables", "-A", "INPUT", "-p", "tcp", "--dport", "8080", "-j", "LOG", "--log-prefix",
          "calico-drop: ");
      Shell.inNs(blocked, "ip6tables", "-A", "INPUT", "-p", "tcp", "--dport", "8080", "-j", "DROP");
      Shell.inNs(blocked, "nft", "add table inet netsight; add chain inet netsight in "
          + "{ type filter hook input priority 0; } ; add rule inet netsight in udp dport 9090 "
          + "log prefix \"calico-packet: \" drop");
      // LOG in a pod's namespace reaches the kernel log only with nf_log_all_netns (global: restored on close)
      lab.setGlobalSysctl("net/netfilter/nf_log_all_netns", "1");
      KernelLogCaptureSource source = new KernelLogCaptureSource(KernelLogCaptureSource.Settings.defaults(),
          "node-it", sink, new PrometheusRegistry(), null);
      source.start();
      try {
        // When the client sends TCP (v4 and v6) and UDP to the blocked pod
        Shell.runIgnoringFailure("ip", "netns", "exec", client, "timeout", "2", "bash", "-c",
            "echo x > /dev/tcp/10.201.0.2/8080");
        Shell.runIgnoringFailure("ip", "netns", "exec", client, "timeout", "2", "bash", "-c",
            "echo x > /dev/tcp/fd20:1::2/8080");
        Shell.inNs(client, "bash", "-c", "echo hello > /dev/udp/10.201.0.2/9090");

        // Then the agent emits one KernelDrop per logged packet, with the packet's addresses, ports and prefix
        Predicate<KernelDrop> ours = d -> veth[1].equals(d.getInInterface());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          List<KernelDrop> drops = sink.drops().stream().filter(ours).toList();
          assertThat(drops).anySatisfy(d -> {
            assertThat(d.getPrefix()).isEqualTo("calico-drop:");
            assertThat(d.getSrcIp()).isEqualTo("10.201.0.1");
            assertThat(d.getDstIp()).isEqualTo("10.201.0.2");
            assertThat(d.getProtocol()).isEqualTo("TCP");
            assertThat(d.getDstPort()).isEqualTo(8080);
            assertThat(d.getTcpFlags()).containsExactly("SYN");
            assertThat(d.getSrcPort()).isBetween(1024, 65535);
          });
          assertThat(drops).anySatisfy(d -> {
            assertThat(d.getPrefix()).isEqualTo("calico-drop:");
            assertThat(d.getSrcIp()).isEqualTo("fd20:1::1");
            assertThat(d.getDstIp()).isEqualTo("fd20:1::2");
            assertThat(d.getIpVersion()).isEqualTo(6);
            assertThat(d.getDstPort()).isEqualTo(8080);
          });
          assertThat(drops).anySatisfy(d -> {
            assertThat(d.getPrefix()).isEqualTo("calico-packet:");
            assertThat(d.getSrcIp()).isEqualTo("10.201.0.1");
            assertThat(d.getProtocol()).isEqualTo("UDP");
            assertThat(d.getDstPort()).isEqualTo(9090);
            assertThat(d.getLength()).isEqualTo(34);
          });
        });
        List<KernelDrop> drops = sink.drops().stream().filter(ours).toList();
        assertThat(drops).allSatisfy(d -> {
          assertThat(d.getLogSource()).isEqualTo(KernelLogSource.KMSG);
          assertThat(d.getNode()).isEqualTo("node-it");
          assertThat(d.getTimestamp()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        });
        assertThat(source.healthy()).isTrue();
      } finally {
        source.close();
      }
      assertThat(source.healthy()).as("closing stops the reader blocked in read(2)").isFalse();
    }
  }
}
