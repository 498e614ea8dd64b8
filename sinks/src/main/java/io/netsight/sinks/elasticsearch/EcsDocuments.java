package io.netsight.sinks.elasticsearch;

import io.netsight.schema.Micros;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsight.schema.AvroJson;
import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackTuple;
import io.netsight.schema.v1.DnsAnswer;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
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
import io.netsight.schema.v1.PacketDirection;
import io.netsight.schema.v1.Severity;
import io.netsight.schema.v1.SubjectKind;
import io.netsight.schema.v1.TcpReset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns netsight records into Elastic Common Schema documents. ECS names are used where ECS has the field
 * ({@code @timestamp}, {@code event.*}, {@code rule.name}, {@code message}, {@code source.*}, {@code destination.*},
 * {@code network.*}, {@code dns.*}, {@code related.ip}, {@code observer.hostname}, {@code orchestrator.*}) together with
 * the Beats-style {@code kubernetes.*} pod fields; everything netsight-specific lives under {@code netsight.*}. The
 * field table is in docs/elasticsearch.md and the mappings in {@link IndexTemplates}.
 *
 * <p>{@code kubernetes.*} always names the pod that suffers, so one Kibana filter works across indices: the finding's
 * subject, the DNS client, the receiver of a reset, the conntrack client, the destination of a dropped packet (or
 * its source when only that side is a pod).
 *
 * <p>Ids make every write idempotent: a finding's id is its findingId (revisions overwrite the episode, with the
 * revision as external version so an older revision never replaces a newer one); an IP binding's id is the address,
 * the holder and the start of the interval (its close overwrites it); evidence ids are a hash of the fields that
 * identify the captured event, not of the attribution (a replay after re-enrichment overwrites, never duplicates).
 */
public final class EcsDocuments {

  /** Elasticsearch refuses ids longer than 512 bytes; longer ones are replaced by their hash. */
  static final int MAX_ID_BYTES = 512;

  private EcsDocuments() {
  }

  // ---------------------------------------------------------------- findings

  public static EcsDocument finding(Finding f, String prefix) {
    EcsDocument.Source s = EcsDocument.newSource()
        .put("@timestamp", f.getTimestamp())
        .put("message", f.getSummary())
        .put("event.kind", "alert")
        .putStrings("event.category", List.of("network"))
        .putStrings("event.type", eventTypes(f.getType()))
        .put("event.module", "netsight")
        .put("event.dataset", "netsight.findings")
        .put("event.id", f.getFindingId())
        .put("event.action", f.getType().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .put("event.start", f.getFirstSeen())
        .put("event.end", f.getStatus() == FindingStatus.RESOLVED && f.getResolvedAt() != null
            ? f.getResolvedAt() : f.getLastSeen())
        .put("event.severity", severityNumber(f.getSeverity()))
        .put("event.reference", f.getRunbook())
        .put("rule.name", f.getType().name())
        .put("rule.id", f.getDetector())
        .put("rule.ruleset", "netsight")
        .put("rule.reference", f.getRunbook())
        .put("netsight.finding.id", f.getFindingId())
        .put("netsight.finding.type", f.getType())
        .put("netsight.finding.detector", f.getDetector())
        .put("netsight.finding.severity", f.getSeverity())
        .put("netsight.finding.status", f.getStatus())
        .put("netsight.finding.revision", f.getRevision())
        .put("netsight.finding.first_seen", f.getFirstSeen())
        .put("netsight.finding.last_seen", f.getLastSeen())
        .put("netsight.finding.window.start", f.getWindowStart())
        .put("netsight.finding.window.end", f.getWindowEnd())
        .put("netsight.finding.windows_counted", f.getWindowsCounted())
        .put("netsight.finding.resolved_at", f.getResolvedAt())
        .put("netsight.finding.recommendation", f.getRecommendation())
        .put("netsight.finding.runbook", f.getRunbook())
        .put("netsight.node", f.getNode())
        .putNumberMap("netsight.metrics", f.getMetrics())
        .putKeywordMap("netsight.labels", f.getLabels());
    FindingSubject subject = f.getSubject();
    subject(s, "netsight.subject", subject);
    subject(s, "netsight.peer", f.getPeer());
    if (!f.getAffected().isEmpty()) {
      ArrayNode affected = JsonNodeFactory.instance.arrayNode();
      for (FindingSubject a : f.getAffected()) {
        EcsDocument.Source one = new EcsDocument.Source(JsonNodeFactory.instance.objectNode());
        subject(one, null, a);
        affected.add(one.node());
      }
      s.putNode("netsight.affected", affected);
    }
    if (!f.getEvidence().isEmpty()) {
      ArrayNode evidence = JsonNodeFactory.instance.arrayNode();
      for (Evidence e : f.getEvidence()) {
        ObjectNode o = evidence.addObject();
        o.put("timestamp", AvroJson.formatInstant(e.getTimestamp()));
        o.put("message", e.getMessage());
        if (!e.getAttributes().isEmpty()) {
          ObjectNode attrs = o.putObject("attributes");
          new java.util.TreeMap<>(e.getAttributes()).forEach(attrs::put);
        }
      }
      s.putNode("netsight.evidence", evidence);
    }
    // The ECS pod/orchestrator fields name the subject, so the same Kibana filter finds findings and evidence.
    if (subject != null) {
      s.put("kubernetes.namespace", subject.getNamespace());
      if (subject.getKind() == SubjectKind.POD || subject.getKind() == SubjectKind.HOST_NETWORK_POD) {
        s.put("kubernetes.pod.name", subject.getName()).put("kubernetes.pod.uid", subject.getUid());
      }
      s.put("kubernetes.node.name", subject.getNode() != null ? subject.getNode() : f.getNode());
      s.put("orchestrator.type", "kubernetes")
          .put("orchestrator.namespace", subject.getNamespace())
          .put("orchestrator.resource.type", subject.getKind() == SubjectKind.WORKLOAD && subject.getWorkload() != null
              ? subject.getWorkload().getKind().toLowerCase(Locale.ROOT) : EcsDocument.lower(subject.getKind()))
          .put("orchestrator.resource.name", subject.getName());
    } else {
      s.put("kubernetes.node.name", f.getNode());
    }
    Set<String> ips = new LinkedHashSet<>();
    addIp(ips, subject == null ? null : subject.getIp());
    addIp(ips, f.getPeer() == null ? null : f.getPeer().getIp());
    f.getAffected().forEach(a -> addIp(ips, a.getIp()));
    s.putStrings("related.ip", ips);
    return new EcsDocument(IndexKind.FINDINGS.index(prefix, f.getTimestamp()), safeId(f.getFindingId()),
        (long) Math.max(1, f.getRevision()), s.node());
  }

  private static void subject(EcsDocument.Source s, String path, FindingSubject x) {
    if (x == null) {
      return;
    }
    String p = path == null ? "" : path + ".";
    s.put(p + "kind", x.getKind())
        .put(p + "namespace", x.getNamespace())
        .put(p + "name", x.getName())
        .put(p + "uid", x.getUid())
        .put(p + "node", x.getNode())
        .put(p + "ip", x.getIp());
    if (x.getWorkload() != null) {
      s.put(p + "workload.kind", x.getWorkload().getKind()).put(p + "workload.name", x.getWorkload().getName());
    }
  }

  static List<String> eventTypes(FindingType type) {
    return switch (type) {
      case NDOTS_AMPLIFICATION -> List.of("protocol");
      case CONNTRACK_TABLE_FULL, CONNTRACK_INVALID_RESET -> List.of("connection", "error");
      case NETWORK_POLICY_DROP -> List.of("connection", "denied");
      case LOAD_SKEW, KUBE_PROXY_SCALE, UNKNOWN -> List.of("info");
    };
  }

  /** ECS {@code event.severity} is a number: higher is worse. */
  public static int severityNumber(Severity s) {
    return switch (s) {
      case INFO -> 1;
      case LOW -> 2;
      case MEDIUM -> 3;
      case HIGH -> 4;
      case CRITICAL -> 5;
      case UNKNOWN -> 0;
    };
  }

  // ---------------------------------------------------------------- evidence

  public static EcsDocument dns(EnrichedDnsTransaction e, String prefix) {
    DnsTransaction t = e.getTransaction();
    boolean answered = t.getOutcome() == DnsOutcome.ANSWERED;
    EcsDocument.Source s = evidence("netsight.dns", t.getTimestamp(), t.getNode())
        .put("message", t.getQname() + " " + t.getQtype() + " -> "
            + (answered ? String.valueOf(t.getRcode()) : t.getOutcome().name()))
        .putStrings("event.type", List.of("protocol"))
        .put("event.outcome", answered && t.getRcode() == DnsRcode.NOERROR ? "success" : "failure")
        .put("event.start", t.getTimestamp())
        .put("event.end", t.getResponseTimestamp())
        .put("event.duration", t.getLatencyMicros() == null ? null : t.getLatencyMicros() * 1000L)
        .put("source.ip", t.getClientIp()).put("source.port", t.getClientPort())
        .put("destination.ip", t.getServerIp()).put("destination.port", t.getServerPort())
        .put("network.transport", EcsDocument.lower(t.getTransport()))
        .put("network.protocol", "dns")
        .put("network.type", ipType(t.getClientIp()))
        .put("dns.type", answered ? "answer" : "query")
        .put("dns.id", Integer.toString(t.getDnsId()))
        .put("dns.question.name", t.getQname())
        .put("dns.question.type", t.getQtype())
        .put("dns.response_code", t.getRcode() == null ? null : t.getRcode().name())
        .putStrings("dns.header_flags", t.getTruncated() ? List.of("TC") : List.of())
        .put("netsight.dns.outcome", t.getOutcome())
        .put("netsight.dns.rcode_value", t.getRcodeValue())
        .put("netsight.dns.answer_count", t.getAnswerCount())
        .put("netsight.dns.retransmissions", t.getRetransmissions())
        .put("netsight.dns.edns_udp_size", t.getEdnsUdpSize())
        .put("netsight.interface", t.getInterfaceName());
    List<String> resolved = new ArrayList<>();
    if (!t.getAnswers().isEmpty()) {
      ArrayNode answers = JsonNodeFactory.instance.arrayNode();
      for (DnsAnswer a : t.getAnswers()) {
        answers.addObject().put("name", a.getName()).put("type", a.getType()).put("ttl", a.getTtl())
            .put("data", a.getData());
        if ("A".equals(a.getType()) || "AAAA".equals(a.getType())) {
          resolved.add(a.getData());
        }
      }
      s.putNode("dns.answers", answers);
    }
    s.putStrings("dns.resolved_ip", resolved);
    party(s, "netsight.source", e.getClient());
    party(s, "netsight.destination", e.getServer());
    if (e.getBackend() != null) {
      party(s, "netsight.backend", e.getBackend());
    } else {
      s.put("netsight.backend.ip", t.getBackendIp());
    }
    s.put("netsight.backend.port", t.getBackendPort());
    IpBinding client = binding(e.getClient());
    if (client != null && client.getDns() != null) {
      s.put("netsight.source.dns.ndots", client.getDns().getNdots())
          .put("netsight.source.dns.policy", client.getDns().getDnsPolicy());
    }
    sufferer(s, e.getClient());
    related(s, t.getClientIp(), t.getServerIp(), t.getBackendIp());
    String id = contentId("dns", t.getNode(), Micros.of(t.getTimestamp()), t.getClientIp(), t.getClientPort(),
        t.getServerIp(), t.getServerPort(), t.getTransport(), t.getDnsId(), t.getQname(), t.getQtype());
    return new EcsDocument(IndexKind.DNS.index(prefix, t.getTimestamp()), id, null, s.node());
  }

  public static EcsDocument tcpReset(EnrichedTcpReset e, String prefix) {
    TcpReset r = e.getReset();
    EcsDocument.Source s = evidence("netsight.tcp_reset", r.getTimestamp(), r.getNode())
        .put("message", "TCP RST" + (r.getWithAck() ? "+ACK" : "") + " " + r.getSenderIp() + ":" + r.getSenderPort()
            + " -> " + r.getReceiverIp() + ":" + r.getReceiverPort())
        .putStrings("event.type", List.of("connection", "end"))
        .put("source.ip", r.getSenderIp()).put("source.port", r.getSenderPort())
        .put("destination.ip", r.getReceiverIp()).put("destination.port", r.getReceiverPort())
        .put("network.transport", "tcp")
        .put("network.type", ipType(r.getSenderIp()))
        .put("network.direction", direction(r.getDirection()))
        .putStrings("netsight.tcp.flags", r.getWithAck() ? List.of("RST", "ACK") : List.of("RST"))
        .put("netsight.tcp.sequence", r.getSequence())
        .put("netsight.interface", r.getInterfaceName());
    party(s, "netsight.source", e.getSender());
    party(s, "netsight.destination", e.getReceiver());
    sufferer(s, isPod(e.getReceiver()) ? e.getReceiver() : e.getSender());
    related(s, r.getSenderIp(), r.getReceiverIp());
    String id = contentId("tcp-reset", r.getNode(), Micros.of(r.getTimestamp()), r.getSenderIp(), r.getSenderPort(),
        r.getReceiverIp(), r.getReceiverPort(), r.getSequence(), r.getWithAck());
    return new EcsDocument(IndexKind.TCP_RESET.index(prefix, r.getTimestamp()), id, null, s.node());
  }

  public static EcsDocument conntrack(EnrichedConntrackEvent e, String prefix) {
    ConntrackEvent c = e.getEvent();
    ConntrackTuple o = c.getOriginal();
    ConntrackTuple r = c.getReply();
    List<String> types = switch (c.getEventType()) {
      case NEW -> List.of("connection", "start");
      case DESTROY -> List.of("connection", "end");
      case UPDATE, UNKNOWN -> List.of("connection", "info");
    };
    EcsDocument.Source s = evidence("netsight.conntrack", c.getTimestamp(), c.getNode())
        .put("message", "conntrack " + c.getEventType() + " " + c.getProtocol() + " " + o.getSrcIp()
            + port(o.getSrcPort()) + " -> " + o.getDstIp() + port(o.getDstPort()) + " (reply from " + r.getSrcIp()
            + port(r.getSrcPort()) + ")")
        .putStrings("event.type", types)
        .put("event.action", c.getEventType().name().toLowerCase(Locale.ROOT))
        .put("source.ip", o.getSrcIp()).put("source.port", o.getSrcPort())
        .put("source.packets", o.getPackets()).put("source.bytes", o.getBytes())
        .put("destination.ip", o.getDstIp()).put("destination.port", o.getDstPort())
        .put("destination.packets", r.getPackets()).put("destination.bytes", r.getBytes())
        .put("network.transport", c.getProtocol().toLowerCase(Locale.ROOT))
        .put("network.iana_number", Integer.toString(c.getProtocolNumber()))
        .put("network.type", ipType(o.getSrcIp()))
        .put("netsight.conntrack.event_type", c.getEventType())
        .put("netsight.conntrack.id", c.getConntrackId())
        .put("netsight.conntrack.tcp_state", c.getTcpState())
        .putStrings("netsight.conntrack.status", c.getStatus())
        .put("netsight.conntrack.mark", c.getMark())
        .put("netsight.conntrack.zone", c.getZone())
        .put("netsight.conntrack.timeout_seconds", c.getTimeoutSeconds())
        .put("netsight.conntrack.lifetime_seconds", c.getLifetimeSeconds())
        .put("netsight.conntrack.reply.src_ip", r.getSrcIp())
        .put("netsight.conntrack.reply.src_port", r.getSrcPort())
        .put("netsight.conntrack.reply.dst_ip", r.getDstIp())
        .put("netsight.conntrack.reply.dst_port", r.getDstPort());
    party(s, "netsight.source", e.getOriginalSource());
    party(s, "netsight.destination", e.getOriginalDestination());
    party(s, "netsight.backend", e.getReplySource());
    s.put("netsight.backend.port", r.getSrcPort());
    sufferer(s, e.getOriginalSource());
    related(s, o.getSrcIp(), o.getDstIp(), r.getSrcIp(), r.getDstIp());
    String id = contentId("conntrack", c.getNode(), Micros.of(c.getTimestamp()), c.getEventType(), c.getConntrackId(),
        c.getProtocolNumber(), tuple(o), tuple(r), c.getTcpState());
    return new EcsDocument(IndexKind.CONNTRACK.index(prefix, c.getTimestamp()), id, null, s.node());
  }

  public static EcsDocument kernelDrop(EnrichedKernelDrop e, String prefix) {
    KernelDrop d = e.getDrop();
    EcsDocument.Source s = evidence("netsight.kernel_drop", d.getTimestamp(), d.getNode())
        .put("message", d.getRaw())
        .putStrings("event.type", List.of("connection", "denied"))
        .put("event.action", "packet-dropped")
        .put("event.outcome", "failure")
        .put("source.ip", d.getSrcIp()).put("source.port", d.getSrcPort())
        .put("destination.ip", d.getDstIp()).put("destination.port", d.getDstPort())
        .put("network.transport", d.getProtocol().toLowerCase(Locale.ROOT))
        .put("network.type", d.getIpVersion() == 6 ? "ipv6" : "ipv4")
        .put("netsight.drop.prefix", d.getPrefix())
        .put("netsight.drop.in_interface", d.getInInterface())
        .put("netsight.drop.out_interface", d.getOutInterface())
        .put("netsight.drop.length", d.getLength())
        .put("netsight.drop.ttl", d.getTtl())
        .putStrings("netsight.tcp.flags", d.getTcpFlags())
        .put("netsight.drop.icmp_type", d.getIcmpType())
        .put("netsight.drop.icmp_code", d.getIcmpCode())
        .put("netsight.drop.mark", d.getMark())
        .put("netsight.drop.log_source", d.getLogSource());
    party(s, "netsight.source", e.getSource());
    party(s, "netsight.destination", e.getDestination());
    sufferer(s, isPod(e.getDestination()) ? e.getDestination() : e.getSource());
    related(s, d.getSrcIp(), d.getDstIp());
    String id = contentId("kernel-drop", d.getNode(), Micros.of(d.getTimestamp()), d.getRaw());
    return new EcsDocument(IndexKind.KERNEL_DROP.index(prefix, d.getTimestamp()), id, null, s.node());
  }

  // ---------------------------------------------------------------- IP bindings

  /**
   * One document per ownership interval: {@code netsight.binding.valid} is a {@code date_range} from validFrom to
   * validTo (open-ended while held), so "who had this IP at T" is a term on the IP and a range query on the interval.
   * The close of the interval overwrites the open document; the external version (the time of the change) keeps a
   * late republish of the open interval from reopening a closed one.
   */
  public static EcsDocument ipBinding(IpBinding b, String prefix) {
    ObjectNode valid = JsonNodeFactory.instance.objectNode();
    valid.put("gte", AvroJson.formatInstant(b.getValidFrom()));
    if (b.getValidTo() != null) {
      valid.put("lt", AvroJson.formatInstant(b.getValidTo()));
    }
    EcsDocument.Source s = EcsDocument.newSource()
        .put("@timestamp", b.getValidFrom())
        .put("message", b.getIp() + " held by " + b.getKind() + " " + (b.getNamespace() == null ? ""
            : b.getNamespace() + "/") + b.getName() + " from " + AvroJson.formatInstant(b.getValidFrom())
            + (b.getValidTo() == null ? " (still held)" : " to " + AvroJson.formatInstant(b.getValidTo())))
        .put("event.kind", "state")
        .put("event.module", "netsight")
        .put("event.dataset", "netsight.ip_bindings")
        .put("event.start", b.getValidFrom())
        .put("event.end", b.getValidTo())
        .put("netsight.binding.ip", b.getIp())
        .putNode("netsight.binding.valid", valid)
        .put("netsight.binding.held", b.getValidTo() == null)
        .put("netsight.binding.kind", b.getKind())
        .put("netsight.binding.namespace", b.getNamespace())
        .put("netsight.binding.name", b.getName())
        .put("netsight.binding.uid", b.getUid())
        .put("netsight.binding.node", b.getNode())
        .put("netsight.binding.phase", b.getPhase())
        .put("netsight.binding.resource_version", b.getResourceVersion())
        .putKeywordMap("kubernetes.labels", b.getLabels())
        .put("orchestrator.type", "kubernetes")
        .put("orchestrator.namespace", b.getNamespace())
        .put("orchestrator.resource.type", EcsDocument.lower(b.getKind()))
        .put("orchestrator.resource.name", b.getName())
        .put("kubernetes.namespace", b.getNamespace())
        .put("kubernetes.node.name", b.getNode())
        .putStrings("related.ip", List.of(b.getIp()));
    if (b.getWorkload() != null) {
      s.put("netsight.binding.workload.kind", b.getWorkload().getKind())
          .put("netsight.binding.workload.name", b.getWorkload().getName());
    }
    if (b.getKind() == BindingKind.POD || b.getKind() == BindingKind.HOST_NETWORK_POD) {
      s.put("kubernetes.pod.name", b.getName()).put("kubernetes.pod.uid", b.getUid())
          .put("kubernetes.pod.ip", b.getIp());
    }
    if (b.getDns() != null) {
      s.put("netsight.binding.dns.policy", b.getDns().getDnsPolicy())
          .put("netsight.binding.dns.ndots", b.getDns().getNdots())
          .putStrings("netsight.binding.dns.searches", b.getDns().getSearches());
    }
    String holder = b.getUid() != null ? b.getUid() : b.getKind() + ":" + b.getNamespace() + "/" + b.getName();
    String id = safeId(b.getIp() + "/" + Micros.of(b.getValidFrom()) + "/" + holder);
    Instant change = b.getValidTo() != null ? b.getValidTo() : b.getValidFrom();
    return new EcsDocument(IndexKind.IP_BINDINGS.index(prefix, b.getValidFrom()), id, Math.max(1L, Micros.of(change)),
        s.node());
  }

  // ---------------------------------------------------------------- helpers

  private static EcsDocument.Source evidence(String dataset, Instant timestamp, String node) {
    return EcsDocument.newSource()
        .put("@timestamp", timestamp)
        .put("event.kind", "event")
        .putStrings("event.category", List.of("network"))
        .put("event.module", "netsight")
        .put("event.dataset", dataset)
        .put("observer.hostname", node);
  }

  /** The owner of one address of an event, as {@code <path>.ip/.attribution/.kind/.namespace/...}. */
  private static void party(EcsDocument.Source s, String path, Attribution a) {
    if (a == null) {
      return;
    }
    s.put(path + ".ip", a.getIp()).put(path + ".attribution", a.getStatus());
    IpBinding b = a.getBinding();
    if (b != null) {
      s.put(path + ".kind", b.getKind())
          .put(path + ".namespace", b.getNamespace())
          .put(path + ".name", b.getName())
          .put(path + ".uid", b.getUid())
          .put(path + ".node", b.getNode());
      if (b.getWorkload() != null) {
        s.put(path + ".workload.kind", b.getWorkload().getKind())
            .put(path + ".workload.name", b.getWorkload().getName());
      }
    }
    if (a.getStatus() == AttributionStatus.AMBIGUOUS && !a.getCandidates().isEmpty()) {
      s.putStrings(path + ".candidates", a.getCandidates().stream()
          .map(c -> (c.getNamespace() == null ? "" : c.getNamespace() + "/") + c.getName()).toList());
    }
  }

  private static IpBinding binding(Attribution a) {
    return a == null || a.getStatus() != AttributionStatus.ATTRIBUTED ? null : a.getBinding();
  }

  private static boolean isPod(Attribution a) {
    IpBinding b = binding(a);
    return b != null && (b.getKind() == BindingKind.POD || b.getKind() == BindingKind.HOST_NETWORK_POD);
  }

  /** The ECS Kubernetes/orchestrator fields for the pod an event is about, when that side is an attributed pod. */
  private static void sufferer(EcsDocument.Source s, Attribution a) {
    if (!isPod(a)) {
      return;
    }
    IpBinding b = a.getBinding();
    s.put("kubernetes.namespace", b.getNamespace())
        .put("kubernetes.pod.name", b.getName())
        .put("kubernetes.pod.uid", b.getUid())
        .put("kubernetes.pod.ip", b.getIp())
        .put("kubernetes.node.name", b.getNode())
        .putKeywordMap("kubernetes.labels", b.getLabels())
        .put("orchestrator.type", "kubernetes")
        .put("orchestrator.namespace", b.getNamespace())
        .put("orchestrator.resource.type", "pod")
        .put("orchestrator.resource.name", b.getName());
  }

  private static void related(EcsDocument.Source s, String... ips) {
    Set<String> set = new LinkedHashSet<>();
    for (String ip : ips) {
      addIp(set, ip);
    }
    s.putStrings("related.ip", set);
  }

  private static void addIp(Set<String> set, String ip) {
    if (ip != null && !ip.isEmpty()) {
      set.add(ip);
    }
  }

  private static String ipType(String ip) {
    return ip == null ? null : ip.indexOf(':') >= 0 ? "ipv6" : "ipv4";
  }

  private static String direction(PacketDirection d) {
    return switch (d) {
      case INCOMING -> "ingress";
      case OUTGOING -> "egress";
      case UNKNOWN -> "unknown";
    };
  }

  private static String port(Integer p) {
    return p == null ? "" : ":" + p;
  }

  private static String tuple(ConntrackTuple t) {
    return t.getSrcIp() + "|" + t.getSrcPort() + "|" + t.getDstIp() + "|" + t.getDstPort() + "|" + t.getIcmpType()
        + "|" + t.getIcmpCode() + "|" + t.getIcmpId();
  }


  /**
   * An id from the fields that identify a captured event: SHA-256 over their text joined by a separator that cannot
   * occur in them (U+0000), first 128 bits, URL-safe base64 (22 characters).
   */
  static String contentId(Object... parts) {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      sb.append(p).append('\u0000');
    }
    return hash(sb.toString());
  }

  /** The id as given, or its hash when Elasticsearch would refuse it (over 512 bytes). */
  static String safeId(String id) {
    return id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES ? id : "sha256-" + hash(id);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
