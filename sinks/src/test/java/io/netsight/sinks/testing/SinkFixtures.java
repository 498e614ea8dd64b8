package io.netsight.sinks.testing;

import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackEventType;
import io.netsight.schema.v1.ConntrackTuple;
import io.netsight.schema.v1.DnsAnswer;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
import io.netsight.schema.v1.DnsSettings;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedConntrackEvent;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.EnrichedKernelDrop;
import io.netsight.schema.v1.EnrichedTcpReset;
import io.netsight.schema.v1.Evidence;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.FindingSubject;
import io.netsight.schema.v1.FindingType;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KernelLogSource;
import io.netsight.schema.v1.PacketDirection;
import io.netsight.schema.v1.Severity;
import io.netsight.schema.v1.SubjectKind;
import io.netsight.schema.v1.TcpReset;
import io.netsight.schema.v1.Transport;
import io.netsight.schema.v1.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Records shaped like the pipeline's, for the sink's tests. The scene is the postmortem example of
 * docs/elasticsearch.md: in namespace "shop", the Job pod {@code report-28391-abcde} held 10.244.1.2 from 10:00:00 to
 * 10:05:00, and the Deployment pod {@code checkout-7d9c5b6f4-x2x9q} took the same address at 10:06:30 and still holds
 * it; at 10:08:54 a DNS lookup and a policy drop involve that address (addresses from the namespace lab).
 */
public final class SinkFixtures {

  public static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  public static final Instant INCIDENT = Instant.parse("2026-11-26T10:08:54.123456Z");
  public static final String REUSED_IP = "10.244.1.2";
  public static final String DNS_VIP = "10.96.0.10";

  static {
    // Avro 1.12 trusts the generated classes only once the serde installed netsight's trusted package.
    io.netsight.schema.AvroSerde.of(Finding.class);
  }

  private SinkFixtures() {
  }

  public static IpBinding jobPod() {
    return binding(REUSED_IP, "report-28391-abcde", "0b1e7f5c-5a0e-4d7c-9d64-1f0c4c1d2a01",
        new Workload("CronJob", "report"), T0, T0.plusSeconds(300));
  }

  public static IpBinding checkoutPod() {
    return binding(REUSED_IP, "checkout-7d9c5b6f4-x2x9q", "6f1c2a5e-0d7e-4c61-9a4b-3b8f2d0e1a77",
        new Workload("Deployment", "checkout"), T0.plusSeconds(390), null);
  }

  public static IpBinding binding(String ip, String pod, String uid, Workload workload, Instant from, Instant to) {
    return IpBinding.newBuilder()
        .setIp(ip)
        .setTimestamp(to != null ? to : from)
        .setNode("node-a")
        .setKind(BindingKind.POD)
        .setNamespace("shop")
        .setName(pod)
        .setUid(uid)
        .setWorkload(workload)
        .setLabels(Map.of("app.kubernetes.io/name", workload.getName(), "app", workload.getName()))
        .setValidFrom(from)
        .setValidTo(to)
        .setDns(DnsSettings.newBuilder().setDnsPolicy("ClusterFirst").setNdots(5)
            .setSearches(List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"))
            .setNameservers(List.of(DNS_VIP)).build())
        .setPhase(to == null ? "Running" : "Succeeded")
        .setResourceVersion("4711")
        .build();
  }

  public static Attribution attributed(IpBinding b) {
    return new Attribution(b.getIp(), AttributionStatus.ATTRIBUTED, b, List.of());
  }

  public static Attribution unattributed(String ip) {
    return new Attribution(ip, AttributionStatus.UNATTRIBUTED, null, List.of());
  }

  /** The n-th NXDOMAIN search-path expansion of api.example.com from the checkout pod, n ms after the incident. */
  public static EnrichedDnsTransaction dns(int n) {
    Instant t = INCIDENT.plusMillis(n);
    DnsTransaction tx = DnsTransaction.newBuilder()
        .setNode("node-a")
        .setTimestamp(t)
        .setClientIp(REUSED_IP)
        .setClientPort(40000 + n % 20000)
        .setServerIp(DNS_VIP)
        .setServerPort(53)
        .setBackendIp("10.244.0.3")
        .setBackendPort(53)
        .setTransport(Transport.UDP)
        .setDnsId(n % 65536)
        .setQname(n % 2 == 0 ? "api.example.com.shop.svc.cluster.local" : "api.example.com")
        .setQtype(n % 4 < 2 ? "A" : "AAAA")
        .setOutcome(DnsOutcome.ANSWERED)
        .setRcode(n % 2 == 0 ? DnsRcode.NXDOMAIN : DnsRcode.NOERROR)
        .setRcodeValue(n % 2 == 0 ? 3 : 0)
        .setResponseTimestamp(t.plusNanos(412_000))
        .setLatencyMicros(412L)
        .setAnswers(n % 2 == 0 ? List.of() : List.of(new DnsAnswer("api.example.com", "A", 30L, "203.0.113.10")))
        .setAnswerCount(n % 2 == 0 ? 0 : 1)
        .build();
    return EnrichedDnsTransaction.newBuilder()
        .setTransaction(tx)
        .setClient(attributed(checkoutPod()))
        .setServer(unattributed(DNS_VIP))
        .setBackend(null)
        .build();
  }

  /** A policy drop of a packet from the old Job's address to a pod in "payments" (n-th, n ms after the incident). */
  public static EnrichedKernelDrop kernelDrop(int n, String srcIp) {
    Instant t = INCIDENT.plusMillis(n);
    IpBinding ledger = binding("10.244.2.9", "ledger-0", "9a9e1d57-7a39-4d1e-8a8e-3d7f0e2c1b99",
        new Workload("StatefulSet", "ledger"), T0, null);
    ledger = IpBinding.newBuilder(ledger).setNamespace("payments").build();
    KernelDrop d = KernelDrop.newBuilder()
        .setNode("node-b")
        .setTimestamp(t)
        .setPrefix("calico-drop:")
        .setInInterface("eth0")
        .setOutInterface("cali1234")
        .setSrcIp(srcIp)
        .setDstIp("10.244.2.9")
        .setIpVersion(4)
        .setProtocol("TCP")
        .setSrcPort(51000 + n % 10000)
        .setDstPort(8443)
        .setLength(60)
        .setTtl(63)
        .setTcpFlags(List.of("SYN"))
        .setLogSource(KernelLogSource.KMSG)
        .setRaw("calico-drop: IN=eth0 OUT=cali1234 SRC=" + srcIp + " DST=10.244.2.9 LEN=60 TTL=63 PROTO=TCP SPT="
            + (51000 + n % 10000) + " DPT=8443 SYN")
        .build();
    return EnrichedKernelDrop.newBuilder()
        .setDrop(d)
        .setSource(unattributed(srcIp))
        .setDestination(attributed(ledger))
        .build();
  }

  public static EnrichedTcpReset tcpReset(int n) {
    TcpReset r = TcpReset.newBuilder()
        .setNode("node-a")
        .setTimestamp(INCIDENT.plusMillis(n))
        .setSenderIp("10.244.3.4")
        .setSenderPort(8080)
        .setReceiverIp(REUSED_IP)
        .setReceiverPort(43000 + n)
        .setWithAck(false)
        .setSequence(1_000_000L + n)
        .setDirection(PacketDirection.INCOMING)
        .build();
    return EnrichedTcpReset.newBuilder().setReset(r).setSender(unattributed("10.244.3.4"))
        .setReceiver(attributed(checkoutPod())).build();
  }

  public static EnrichedConntrackEvent conntrack(int n) {
    ConntrackTuple original = ConntrackTuple.newBuilder().setSrcIp(REUSED_IP).setDstIp("10.96.44.7")
        .setSrcPort(43000 + n).setDstPort(80).setPackets(3L).setBytes(180L).build();
    ConntrackTuple reply = ConntrackTuple.newBuilder().setSrcIp("10.244.3.4").setDstIp(REUSED_IP)
        .setSrcPort(8080).setDstPort(43000 + n).build();
    ConntrackEvent e = ConntrackEvent.newBuilder()
        .setNode("node-a")
        .setTimestamp(INCIDENT.plusMillis(n))
        .setEventType(ConntrackEventType.NEW)
        .setProtocol("tcp")
        .setProtocolNumber(6)
        .setTcpState("SYN_SENT")
        .setOriginal(original)
        .setReply(reply)
        .setStatus(List.of("UNREPLIED"))
        .setConntrackId(3_000_000_000L + n)
        .build();
    return EnrichedConntrackEvent.newBuilder().setEvent(e).setOriginalSource(attributed(checkoutPod()))
        .setOriginalDestination(unattributed("10.96.44.7")).setReplySource(unattributed("10.244.3.4")).build();
  }

  /** Revision {@code revision} of the ndots episode of Deployment shop/checkout. */
  public static Finding ndotsFinding(String findingId, int revision, FindingStatus status, Severity severity) {
    Instant start = INCIDENT.minus(Duration.ofMinutes(5));
    Instant end = start.plus(Duration.ofMinutes(revision));
    FindingSubject pod = FindingSubject.newBuilder()
        .setKind(SubjectKind.POD).setNamespace("shop").setName("checkout-7d9c5b6f4-x2x9q")
        .setUid("6f1c2a5e-0d7e-4c61-9a4b-3b8f2d0e1a77")
        .setWorkload(new Workload("Deployment", "checkout")).setNode("node-a").setIp(REUSED_IP).build();
    return Finding.newBuilder()
        .setFindingId(findingId)
        .setType(FindingType.NDOTS_AMPLIFICATION)
        .setDetector("ndots")
        .setSeverity(severity)
        .setStatus(status)
        .setRevision(revision)
        .setTimestamp(end)
        .setNode("node-a")
        .setFirstSeen(start)
        .setLastSeen(end)
        .setWindowStart(end.minus(Duration.ofMinutes(1)))
        .setWindowEnd(end)
        .setWindowsCounted(revision)
        .setResolvedAt(status == FindingStatus.RESOLVED ? end : null)
        .setSubject(FindingSubject.newBuilder(pod).setKind(SubjectKind.WORKLOAD).setName("checkout").setUid(null)
            .setIp(null).build())
        .setPeer(FindingSubject.newBuilder().setKind(SubjectKind.SERVICE).setNamespace("kube-system")
            .setName("kube-dns").setIp(DNS_VIP).build())
        .setAffected(List.of(pod))
        .setMetrics(Map.of("queries", 8.0 * revision, "wasted", 6.0 * revision, "amplification", 4.0))
        .setEvidence(List.of(new Evidence(INCIDENT, "api.example.com.shop.svc.cluster.local A -> NXDOMAIN",
            Map.of("qname", "api.example.com.shop.svc.cluster.local", "rcode", "NXDOMAIN"))))
        .setSummary("Deployment shop/checkout sends 4.0x the DNS queries it needs (revision " + revision + ")")
        .setRecommendation("dnsConfig: {options: [{name: ndots, value: \"1\"}]}")
        .setRunbook("docs/runbooks/ndots-amplification.md")
        .setLabels(Map.of("qtype", "A"))
        .build();
  }

  /** A conntrack INVALID reset episode behind Service shop/orders. */
  public static Finding resetFinding(String findingId) {
    return Finding.newBuilder(ndotsFinding(findingId, 1, FindingStatus.OPEN, Severity.HIGH))
        .setType(FindingType.CONNTRACK_INVALID_RESET)
        .setDetector("conntrack-reset")
        .setPeer(FindingSubject.newBuilder().setKind(SubjectKind.SERVICE).setNamespace("shop").setName("orders")
            .setIp("10.96.44.7").build())
        .setSummary("Connections from Deployment shop/checkout to Service shop/orders are reset")
        .setRecommendation("iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP")
        .setRunbook("docs/runbooks/conntrack-resets.md")
        .build();
  }
}
