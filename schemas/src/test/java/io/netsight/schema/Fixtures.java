package io.netsight.schema;

import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.DnsAnswer;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
import io.netsight.schema.v1.DnsSettings;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.Evidence;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.FindingSubject;
import io.netsight.schema.v1.FindingType;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.Severity;
import io.netsight.schema.v1.SubjectKind;
import io.netsight.schema.v1.Transport;
import io.netsight.schema.v1.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hand-written records shaped like what the pipeline really carries: the glibc ndots:5 lookup of api.example.com from
 * a pod in namespace "default" through the kube-dns ClusterIP 10.96.0.10 (addresses from the namespace lab).
 */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-11-26T10:08:54.123456Z");
  /** A pod name with non-ASCII letters: Kubernetes forbids them in names, but labels, evidence and hostnames in
   * free-text fields can carry them, and the serde must not care. */
  static final String UNICODE = "zürich-café-日本-пример";

  private Fixtures() {
  }

  static DnsTransaction nxdomainExpansion() {
    return DnsTransaction.newBuilder()
        .setNode("node-a")
        .setTimestamp(T0)
        .setClientIp("10.244.1.7")
        .setClientPort(41234)
        .setServerIp("10.96.0.10")
        .setServerPort(53)
        .setBackendIp("10.244.0.3")
        .setBackendPort(53)
        .setTransport(Transport.UDP)
        .setDnsId(0x1f2e)
        .setQname("api.example.com.default.svc.cluster.local")
        .setQtype("A")
        .setOutcome(DnsOutcome.ANSWERED)
        .setRcode(DnsRcode.NXDOMAIN)
        .setRcodeValue(3)
        .setResponseTimestamp(T0.plusNanos(412_000))
        .setLatencyMicros(412L)
        .setAnswers(List.of())
        .setAnswerCount(0)
        .setTruncated(false)
        .setEdnsUdpSize(1232)
        .setRetransmissions(0)
        .setInterfaceName("any")
        .build();
  }

  /** Only the required fields; every optional one left at its default (null, empty, 0). */
  static DnsTransaction timeout() {
    return DnsTransaction.newBuilder()
        .setNode(UNICODE)
        .setTimestamp(T0)
        .setClientIp("fd00:10:244::7")
        .setClientPort(5353)
        .setServerIp("fd00:10:96::a")
        .setServerPort(53)
        .setTransport(Transport.TCP)
        .setDnsId(7)
        .setQname("xn--bcher-kva.example")
        .setQtype("AAAA")
        .setOutcome(DnsOutcome.TIMEOUT)
        .build();
  }

  static DnsTransaction answered() {
    return DnsTransaction.newBuilder(nxdomainExpansion())
        .setQname("api.example.com")
        .setRcode(DnsRcode.NOERROR)
        .setRcodeValue(0)
        .setAnswers(List.of(
            new DnsAnswer("api.example.com", "CNAME", 30L, "edge.example.net"),
            new DnsAnswer("edge.example.net", "A", 30L, "203.0.113.10")))
        .setAnswerCount(2)
        .build();
  }

  static IpBinding podBinding() {
    return IpBinding.newBuilder()
        .setIp("10.244.1.7")
        .setTimestamp(T0.minusSeconds(60))
        .setNode("node-a")
        .setKind(BindingKind.POD)
        .setNamespace("default")
        .setName("web-7d9c5b6f4-x2x9q")
        .setUid("6f1c2a5e-0d7e-4c61-9a4b-3b8f2d0e1a77")
        .setWorkload(new Workload("Deployment", "web"))
        .setLabels(Map.of("app.kubernetes.io/name", "web", "team", UNICODE))
        .setValidFrom(T0.minusSeconds(60))
        .setValidTo(null)
        .setDns(DnsSettings.newBuilder()
            .setDnsPolicy("ClusterFirst")
            .setNdots(5)
            .setSearches(List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"))
            .setNameservers(List.of("10.96.0.10"))
            .setOptions(Map.of("ndots", "5"))
            .build())
        .setPhase("Running")
        .setResourceVersion("12345")
        .build();
  }

  static EnrichedDnsTransaction enriched() {
    return EnrichedDnsTransaction.newBuilder()
        .setTransaction(nxdomainExpansion())
        .setClient(new Attribution("10.244.1.7", AttributionStatus.ATTRIBUTED, podBinding(), List.of()))
        .setServer(new Attribution("10.96.0.10", AttributionStatus.UNATTRIBUTED, null, List.of()))
        .setBackend(null)
        .build();
  }

  static Finding finding() {
    FindingSubject pod = FindingSubject.newBuilder()
        .setKind(SubjectKind.POD).setNamespace("default").setName("web-7d9c5b6f4-x2x9q")
        .setWorkload(new Workload("Deployment", "web")).setNode("node-a").setIp("10.244.1.7").build();
    return Finding.newBuilder()
        .setFindingId("ndots/default/Deployment/web/1764151734")
        .setType(FindingType.NDOTS_AMPLIFICATION)
        .setDetector("ndots")
        .setSeverity(Severity.MEDIUM)
        .setStatus(FindingStatus.OPEN)
        .setRevision(1)
        .setTimestamp(T0)
        .setFirstSeen(T0.minusSeconds(60))
        .setLastSeen(T0)
        .setWindowStart(T0.minusSeconds(60))
        .setWindowEnd(T0)
        .setWindowsCounted(1)
        .setSubject(FindingSubject.newBuilder(pod).setKind(SubjectKind.WORKLOAD).setName("web").build())
        .setAffected(List.of(pod))
        .setMetrics(Map.of("queries", 8.0, "wasted", 6.0, "amplification", 4.0))
        .setEvidence(List.of(new Evidence(T0, "api.example.com.default.svc.cluster.local A -> NXDOMAIN",
            Map.of("qname", "api.example.com.default.svc.cluster.local", "rcode", "NXDOMAIN"))))
        .setSummary("Deployment default/web sends 4.0x the DNS queries it needs (6 of 8 NXDOMAIN)")
        .setRecommendation("dnsConfig: {options: [{name: ndots, value: \"1\"}]}")
        .setRunbook("docs/runbooks/ndots-amplification.md")
        .setLabels(Map.of("qtype", "A"))
        .build();
  }
}
