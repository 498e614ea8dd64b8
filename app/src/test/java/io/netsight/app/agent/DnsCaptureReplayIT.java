package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsight.ingest.lab.NamespaceLab;
import io.netsight.testing.Privileged;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic: glibc's resolver in a client pod namespace looks up api.example.com through a DNAT'ed ClusterIP to
 * dnsmasq, tcpdump records it on the pod's eth0 (Ethernet) and on the node's 'any' (Linux cooked v2), and
 * {@code netsight replay --print} turns both captures into the same eight transactions.
 */
@Privileged(tools = {"ip", "iptables", "dnsmasq", "tcpdump", "getent", "ss", "bash"})
class DnsCaptureReplayIT {

  /** ndots:5 and three search domains: each expansion fails for A and AAAA, then the name itself resolves. */
  static final List<Tuple> NDOTS_PATTERN = List.of(
      tuple("api.example.com.default.svc.cluster.local", "A", "NXDOMAIN"),
      tuple("api.example.com.default.svc.cluster.local", "AAAA", "NXDOMAIN"),
      tuple("api.example.com.svc.cluster.local", "A", "NXDOMAIN"),
      tuple("api.example.com.svc.cluster.local", "AAAA", "NXDOMAIN"),
      tuple("api.example.com.cluster.local", "A", "NXDOMAIN"),
      tuple("api.example.com.cluster.local", "AAAA", "NXDOMAIN"),
      tuple("api.example.com", "A", "NOERROR"),
      tuple("api.example.com", "AAAA", "NOERROR"));

  private static NamespaceLab lab;
  private static Path podCapture;
  private static Path nodeCapture;

  @BeforeAll
  static void lookUpThroughTheClusterIp(@TempDir Path dir) {
    lab = NamespaceLab.start();
    NamespaceLab.Capture pod = lab.capturePod(dir.resolve("pod-eth0.pcap"));
    NamespaceLab.Capture node = lab.captureNode(dir.resolve("node-any.pcap"));
    NamespaceLab.Result lookup = lab.lookup(NamespaceLab.API_NAME);
    NamespaceLab.Result reset = lab.connectToClosedService();
    podCapture = pod.stop();
    nodeCapture = node.stop();

    assertThat(lookup.exitCode()).as("getent: %s", lookup.stderr()).isZero();
    assertThat(lookup.stdout()).contains(NamespaceLab.API_IPV4).contains(NamespaceLab.API_IPV6);
    assertThat(reset.exitCode()).as("connection to the closed Service is refused").isNotZero();
    assertThat(reset.stderr()).contains("Connection refused");
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void thePodViewGivesTheEightTransactionsOfTheNdotsPattern() {
    NetsightProcess.Run run = NetsightProcess.run("replay", "--pcap", podCapture.toString(), "--print",
        "--sources", "dns", "--node", "lab-node");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<JsonNode> tx = run.jsonLines();
    assertThat(tx).extracting(t -> t.get("qname").asText(), t -> t.get("qtype").asText(),
        t -> t.get("rcode").asText()).containsExactlyElementsOf(NDOTS_PATTERN);
    assertThat(tx).allSatisfy(t -> {
      assertThat(t.get("node").asText()).isEqualTo("lab-node");
      assertThat(t.get("clientIp").asText()).isEqualTo(NamespaceLab.CLIENT_IP);
      assertThat(t.get("serverIp").asText()).isEqualTo(NamespaceLab.CLUSTER_DNS_IP);
      assertThat(t.get("serverPort").asInt()).isEqualTo(53);
      assertThat(t.get("backendIp").isNull()).as("no DNAT is visible inside the pod").isTrue();
      assertThat(t.get("outcome").asText()).isEqualTo("ANSWERED");
      assertThat(t.get("transport").asText()).isEqualTo("UDP");
      assertThat(t.get("latencyMicros").asLong()).isBetween(0L, 5_000_000L);
      assertThat(t.get("retransmissions").asInt()).isZero();
    });
    assertThat(tx).extracting(t -> t.get("timestamp").asText()).isSorted();
    assertAnswers(tx);
    // 16 DNS packets and the RST of the closed-port connection, which --sources dns leaves unclaimed.
    assertThat(run.stderr()).contains("replay: 17 packets, 17 decoded, 1 rejected (unclaimed=1); records: 8 "
        + "DnsTransaction");
  }

  @Test
  void theNodeViewSeesEachMessageTwiceAndGivesTheSameEightWithTheBackend() {
    NetsightProcess.Run run = NetsightProcess.run("replay", "--pcap", nodeCapture.toString(), "--print",
        "--sources", "dns");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<JsonNode> tx = run.jsonLines();
    assertThat(tx).extracting(t -> t.get("qname").asText(), t -> t.get("qtype").asText(),
        t -> t.get("rcode").asText()).containsExactlyElementsOf(NDOTS_PATTERN);
    assertThat(tx).allSatisfy(t -> {
      assertThat(t.get("clientIp").asText()).isEqualTo(NamespaceLab.CLIENT_IP);
      assertThat(t.get("serverIp").asText()).as("what the client asked: the ClusterIP")
          .isEqualTo(NamespaceLab.CLUSTER_DNS_IP);
      assertThat(t.get("backendIp").asText()).as("after DNAT: the CoreDNS pod").isEqualTo(NamespaceLab.COREDNS_IP);
      assertThat(t.get("backendPort").asInt()).isEqualTo(53);
      assertThat(t.get("retransmissions").asInt()).as("the DNAT copy is not a retransmission").isZero();
    });
    assertAnswers(tx);
    assertThat(run.stderr()).contains("replay: 34 packets, 34 decoded");
  }

  @Test
  void aConnectionToAClosedPortBehindAClusterIpGivesResetRecordsOnBothSidesOfTheNat() {
    NetsightProcess.Run node = NetsightProcess.run("replay", "--pcap", nodeCapture.toString(), "--print",
        "--sources", "reset");
    NetsightProcess.Run pod = NetsightProcess.run("replay", "--pcap", podCapture.toString(), "--print",
        "--sources", "reset");

    assertThat(node.exitCode()).as(node.stderr()).isZero();
    // The backend's RST+ACK arrives on the node, then leaves towards the pod rewritten to the ClusterIP.
    assertThat(node.jsonLines()).extracting(r -> r.get("senderIp").asText(), r -> r.get("senderPort").asInt(),
        r -> r.get("receiverIp").asText(), r -> r.get("withAck").asBoolean(), r -> r.get("direction").asText())
        .containsExactly(
            tuple(NamespaceLab.COREDNS_IP, NamespaceLab.CLOSED_BACKEND_PORT, NamespaceLab.CLIENT_IP, true,
                "INCOMING"),
            tuple(NamespaceLab.CLOSED_SERVICE_IP, NamespaceLab.CLOSED_SERVICE_PORT, NamespaceLab.CLIENT_IP, true,
                "OUTGOING"));
    assertThat(pod.exitCode()).as(pod.stderr()).isZero();
    assertThat(pod.jsonLines()).extracting(r -> r.get("senderIp").asText(), r -> r.get("receiverPort").asInt() > 0,
        r -> r.get("direction").asText())
        .containsExactly(tuple(NamespaceLab.CLOSED_SERVICE_IP, true, "UNKNOWN"));
  }

  @Test
  void bothCapturesTogetherAreMergedByTimeAsOneNodesView() {
    NetsightProcess.Run run = NetsightProcess.run("replay", "--pcap", nodeCapture.toString(), podCapture.toString(),
        "--print", "--sources", "dns");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.jsonLines()).extracting(t -> t.get("qname").asText(), t -> t.get("qtype").asText(),
        t -> t.get("rcode").asText()).containsExactlyElementsOf(NDOTS_PATTERN);
  }

  @Test
  void lookupsOverTcpAreReassembledAndPairedToo(@TempDir Path dir) {
    lab.writeResolvConf(List.of("use-vc")); // glibc's resolver then speaks DNS over TCP
    NamespaceLab.Result lookup;
    Path capture;
    try {
      NamespaceLab.Capture node = lab.captureNode(dir.resolve("node-tcp.pcap"));
      lookup = lab.lookup(NamespaceLab.API_NAME);
      capture = node.stop();
    } finally {
      lab.writeResolvConf(List.of());
    }
    assertThat(lookup.exitCode()).as(lookup.stderr()).isZero();

    NetsightProcess.Run run = NetsightProcess.run("replay", "--pcap", capture.toString(), "--print",
        "--sources", "dns");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<JsonNode> tx = run.jsonLines();
    assertThat(tx).as("%s", run.stderr()).extracting(t -> t.get("qname").asText(), t -> t.get("qtype").asText(),
        t -> t.get("rcode").asText()).containsExactlyElementsOf(NDOTS_PATTERN);
    assertThat(tx).allSatisfy(t -> {
      assertThat(t.get("transport").asText()).isEqualTo("TCP");
      assertThat(t.get("backendIp").asText()).isEqualTo(NamespaceLab.COREDNS_IP);
    });
    assertAnswers(tx);
  }

  static void assertAnswers(List<JsonNode> tx) {
    JsonNode a = tx.get(6);
    JsonNode aaaa = tx.get(7);
    assertThat(a.get("answers")).hasSize(1);
    assertThat(a.get("answers").get(0).get("data").asText()).isEqualTo(NamespaceLab.API_IPV4);
    assertThat(a.get("answers").get(0).get("ttl").asLong()).isEqualTo(30);
    assertThat(aaaa.get("answers").get(0).get("data").asText()).isEqualTo(NamespaceLab.API_IPV6);
    assertThat(aaaa.get("answerCount").asInt()).isEqualTo(1);
    assertThat(tx.subList(0, 6)).allSatisfy(t -> assertThat(t.get("answers")).isEmpty());
  }
}
